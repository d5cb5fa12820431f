/**
 * Who may call the hub: API keys for upstream systems (each bound to one CloudEvents source, stored hashed), HTTP
 * Basic users for people, and problem+json answers for 401 and 403.
 */
package com.coachway.hub.security;
