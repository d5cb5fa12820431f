package com.coachway.hub.contracts;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import com.coachway.hub.templates.TemplateGuard;
import com.coachway.hub.templates.TemplateUsage;
import com.coachway.hub.templates.TemplateUsages;

/**
 * The start-up half of the template safety check: once every template is seeded and before any route runs, each
 * template in force is held against every use (routing rules, lead notices). A problem stops start-up, naming
 * template, channel, variable and sender; a caution (allowed, but often parks) is a WARN.
 */
@Component
class TemplateSafetyCheck implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(TemplateSafetyCheck.class);

    private final ObjectProvider<TemplateUsages> sources;
    private final TemplateGuard guard;

    TemplateSafetyCheck(ObjectProvider<TemplateUsages> sources, TemplateGuard guard) {
        this.sources = sources;
        this.guard = guard;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<TemplateUsage> usages = sources.orderedStream().flatMap(s -> s.usages().stream()).toList();
        List<String> problems = guard.checkStored(usages);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Templates that would fail at send time (API.md §2a):\n  "
                    + String.join("\n  ", problems));
        }
        log.info("Template safety check: {} use(s) of {} template(s), all safe", usages.size(),
                usages.stream().map(TemplateUsage::template).distinct().count());
        guard.cautionsStored(usages).forEach(caution -> log.warn("Template caution: {}", caution));
    }
}
