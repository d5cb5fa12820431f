/**
 * Who may call the hub: API keys for upstream systems (each bound to one CloudEvents source, stored hashed), HTTP
 * Basic users for people (password guessing slowed down per user and address), and problem+json answers for 401, 403
 * and 429.
 * <p>
 * Offers: {@code Caller} and {@code Roles} (who is asking), {@code LinkTokens} (signed links), and the webhook
 * signature checks {@code TwilioSignatures} and {@code MetaSignatures}.
 */
package com.coachway.hub.security;
