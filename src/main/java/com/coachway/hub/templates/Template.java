package com.coachway.hub.templates;

import java.time.Instant;

/**
 * One version of a template.
 *
 * @param name unique name, referenced by the routing table and by notification requests
 * @param category transactional, marketing or reminders
 * @param version increases on every change
 * @param content the bodies
 * @param createdAt when this version was written
 * @param createdBy who wrote it
 */
public record Template(String name, String category, int version, TemplateContent content, Instant createdAt,
        String createdBy) {
}
