package com.coachway.hub.routing;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import com.coachway.hub.consent.Addresses;

/**
 * Says at start whom an escalation that names no manager reaches: a duty manager whose phone or email cannot be
 * used stops start-up (every such escalation would be blocked), and none at all is a warning, as that is a choice.
 */
@Component
class DutyManagerCheck implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(DutyManagerCheck.class);

    private final EscalationProperties escalation;
    private final Addresses addresses;

    DutyManagerCheck(EscalationProperties escalation, Addresses addresses) {
        this.escalation = escalation;
        this.addresses = addresses;
    }

    @Override
    public void afterPropertiesSet() {
        EscalationProperties.Manager manager = escalation.dutyManager();
        if (manager == null) {
            log.warn("hub.escalation.manager is not set: a dispatch.recovery.escalated that names no manager reaches "
                    + "nobody (its notification is blocked as no_address)");
            return;
        }
        List<String> unusable = unusable(manager);
        if (!unusable.isEmpty()) {
            throw new IllegalStateException("hub.escalation.manager cannot be reached: " + String.join("; ",
                    unusable));
        }
        log.info("Escalations that name no manager go to the duty manager {}", manager.name());
    }

    /** What is wrong with the duty manager's addresses, as the notify step would find it. */
    List<String> unusable(EscalationProperties.Manager manager) {
        List<String> problems = new ArrayList<>();
        if (StringUtils.hasText(manager.phone()) && addresses.phone(manager.phone()).isEmpty()) {
            problems.add(".phone '" + manager.phone() + "' is not a phone number (write it with its country code)");
        }
        if (StringUtils.hasText(manager.email()) && addresses.email(manager.email()).isEmpty()) {
            problems.add(".email '" + manager.email() + "' is not an email address");
        }
        return problems;
    }
}
