/** RFC 9457 problem details: the one error shape every endpoint answers with. */
package com.coachway.hub.problem;
