/** Email over SMTP with camel-mail: multipart text + HTML with unsubscribe headers, link and postal address. */
package com.coachway.hub.delivery.email;
