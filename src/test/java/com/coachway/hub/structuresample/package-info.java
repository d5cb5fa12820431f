/** Two packages that depend on each other, only so that StructureTest can show its check fails on a cycle. */
package com.coachway.hub.structuresample;
