package com.coachway.hub.templates;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Template settings under {@code hub.templates}.
 *
 * @param seedDir where the templates loaded on first start live (one YAML file per template)
 */
@ConfigurationProperties("hub.templates")
record TemplateProperties(@DefaultValue("config/templates") Path seedDir) {
}
