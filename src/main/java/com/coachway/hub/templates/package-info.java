/**
 * Message templates: Pebble ({@code {{ var }}}, HTML auto-escaped) bodies per channel, A/B variants with weights,
 * every version kept in PostgreSQL, seeded from {@code config/templates/}, and the admin API with preview.
 * <p>
 * Offers: {@code TemplateStore}, {@code TemplateRenderer} with {@code RenderedMessage}, {@code TemplateGuard} (what
 * may be rendered), {@code TemplateUsages} (who uses a template), {@code WaitingSends} (who will render one later),
 * and what a send adds to a template and the preview shows with it: {@code HubVariables} (recipient, company,
 * unsubscribe link) and {@code EmailFooter}, and {@code EmailHtml}, what an email's HTML may not hold.
 */
package com.coachway.hub.templates;
