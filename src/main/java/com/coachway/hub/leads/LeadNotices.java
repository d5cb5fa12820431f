package com.coachway.hub.leads;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.coachway.hub.consent.Addresses;
import com.coachway.hub.consent.ConsentStore;
import com.coachway.hub.delivery.NotificationOrigin;
import com.coachway.hub.delivery.NotificationRequest;
import com.coachway.hub.delivery.NotificationStore;
import com.coachway.hub.delivery.NotificationSubmitter;
import com.coachway.hub.delivery.Recipient;
import com.coachway.hub.http.PublicUrls;
import com.coachway.hub.templates.TemplateUsage;
import com.coachway.hub.templates.TemplateUsages;
import com.coachway.hub.vocabulary.Category;
import com.coachway.hub.vocabulary.Channel;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The notifications a lead causes, handed to the delivery engine (and so to its consent checks and channel fallback)
 * inside the lead's own transaction. Each has an origin key made of the lead, the occasion and the agent, so a
 * repeated intake cannot tell anyone twice.
 */
@Component
class LeadNotices implements TemplateUsages {

    // what every notice's data is certain to hold (see data()): the rest of a lead may be null
    private static final Set<String> LEAD = Set.of("lead", "lead.id", "lead.first_name", "lead.source",
            "lead.status");
    private static final Set<String> AGENT = Set.of("agent", "agent.id", "agent.name");
    private static final Set<String> CONTACT = Set.of("contact_within");
    private static final Set<String> PREVIOUS = Set.of("previous_agent", "previous_agent.id", "previous_agent.name");
    private static final Set<String> REASON = Set.of("reason");
    private static final Set<String> CONSOLE = Set.of("console_url");
    private static final Set<String> REPEAT = Set.of("repeat", "repeat.source", "repeat.details",
            "repeat.details[].field", "repeat.details[].value", "repeat.details[].added");
    static final List<String> EMAIL = List.of(Channel.EMAIL.wire());
    static final List<String> EMAIL_THEN_SMS = List.of(Channel.EMAIL.wire(), Channel.SMS.wire());
    static final List<String> SMS = List.of(Channel.SMS.wire());

    private static final Logger log = LoggerFactory.getLogger(LeadNotices.class);

    private final NotificationSubmitter submitter;
    private final LeadsProperties properties;
    private final ObjectMapper json;
    private final Addresses addresses;
    private final ConsentStore consent;
    private final NotificationStore notifications;
    private final PublicUrls urls;

    LeadNotices(NotificationSubmitter submitter, LeadsProperties properties, ObjectMapper json, Addresses addresses,
            ConsentStore consent, NotificationStore notifications, PublicUrls urls) {
        this.submitter = submitter;
        this.properties = properties;
        this.json = json;
        this.addresses = addresses;
        this.consent = consent;
        this.notifications = notifications;
        this.urls = urls;
    }

    /**
     * The agent who has the lead now hears of it; the one who had it hears that it moved on, whether the contact SLA
     * or a person moved it (else they would go on calling a customer somebody else now calls too).
     */
    @EventListener
    void on(LeadAssigned assigned) {
        assigned(assigned.lead(), assigned.agent(), assigned.previous(), assigned.by());
        if (assigned.previous() != null && (assigned.slaMissed() || assigned.by() != null)) {
            reassignedAway(assigned.lead(), assigned.previous(), assigned.agent(), assigned.by());
        }
    }

    // a lead given by hand may come back to an agent who had it: each such move is an occasion of its own
    private static String occasion(Lead lead, String by) {
        return by == null ? "" : ":" + lead.assignedAt().toEpochMilli();
    }

    /**
     * The agent hears of a new lead by email (by SMS when the agent has no email, or it cannot be used), and by SMS too
     * when it is a big group, the email can reach the agent (otherwise the notice itself already goes by SMS) and the
     * agent has a phone (otherwise the extra SMS would only be a notice blocked for want of an address).
     */
    private void assigned(Lead lead, AssignmentRule agent, AssignmentRule previous, String by) {
        ObjectNode data = data(lead, agent);
        if (previous != null) {
            data.set("previous_agent", agent(previous));
        }
        data.put("contact_within", properties.contactWithin());
        Recipient to = recipient(agent);
        String key = "lead:" + lead.id() + ":assigned:" + agent.agentId() + occasion(lead, by);
        submit("lead_assigned", EMAIL_THEN_SMS, "high", to, data, key + ":email");
        if (lead.estimatedPassengers() != null && lead.estimatedPassengers() > properties.highValuePassengers()
                && emailReaches(agent) && addresses.phone(agent.agentPhone()).isPresent()) {
            submit("lead_assigned", SMS, "high", to, data, key + ":sms");
        }
    }

    /** The agent who had the lead hears that it has moved on: {@code by} who, or the contact SLA when null. */
    private void reassignedAway(Lead lead, AssignmentRule previous, AssignmentRule next, String by) {
        ObjectNode data = data(lead, next);
        data.set("previous_agent", agent(previous));
        if (by != null) {
            data.put("moved_by", by);
        }
        if (acknowledgedFor(lead, previous)) {
            data.put("replies_reach_you", true);
        }
        submit("lead_reassigned", EMAIL_THEN_SMS, "normal", recipient(previous), data,
                "lead:" + lead.id() + ":reassigned:" + previous.agentId() + occasion(lead, by));
    }

    /**
     * Whether the customer's acknowledgement went by email naming {@code agent} for replies ({@code reply_to}): their
     * answers to it go on reaching that agent after the lead moves on. False once retention cleared its data.
     */
    private boolean acknowledgedFor(Lead lead, AssignmentRule agent) {
        return notifications.idByOriginKey(acknowledgement(lead))
                .flatMap(notifications::find)
                // gone by email, or about to (not yet handed to a channel, with an email to go to)
                .filter(ack -> ack.data() != null && (Channel.EMAIL.wire().equals(ack.channel())
                        || ack.channel() == null && ack.email() != null))
                .map(ack -> agent.agentId().equals(ack.data().path("agent").path("id").asText(null)))
                .orElse(false);
    }

    private static String acknowledgement(Lead lead) {
        return "lead:" + lead.id() + ":acknowledgement";
    }

    /**
     * The agent who let the contact SLA pass, when nobody else could take the lead, hears that it still waits for them:
     * {@code why} says why nobody else could.
     */
    void overdue(Lead lead, AssignmentRule agent, String why) {
        ObjectNode data = data(lead, agent);
        data.put("contact_within", properties.contactWithin());
        data.put("reason", why);
        submit("lead_overdue", EMAIL_THEN_SMS, "high", recipient(agent), data,
                "lead:" + lead.id() + ":overdue:" + agent.agentId());
    }

    /**
     * The agent who has an open lead hears what a repeat enquiry from its customer said that the lead did not (else
     * a bigger group or the customer's new words would sit unread in an activity). The same words again tell nobody.
     */
    void askedAgain(Lead lead, AssignmentRule agent, String source, RepeatEnquiry repeat) {
        ObjectNode data = data(lead, agent);
        said(data, source, repeat);
        submit("lead_asked_again", EMAIL_THEN_SMS, "normal", recipient(agent), data,
                "lead:" + lead.id() + ":asked-again:" + agent.agentId() + ":" + repeat.fingerprint());
    }

    /**
     * Ops hear what a repeat enquiry said about a lead no agent has yet, with the lead's page to give it out from: its
     * customer is waiting, and chasing. Nobody is told when no ops contact is set (the lead waits in the console).
     */
    void askedAgainUnassigned(Lead lead, String source, RepeatEnquiry repeat) {
        Optional<Recipient> ops = ops(lead, "its customer asked again");
        if (ops.isEmpty()) {
            return;
        }
        ObjectNode data = data(lead, null);
        said(data, source, repeat);
        data.put("console_url", consoleUrl(lead));
        submit("lead_asked_again", EMAIL_THEN_SMS, "high", ops.get(), data,
                "lead:" + lead.id() + ":asked-again:ops:" + repeat.fingerprint());
    }

    private static void said(ObjectNode data, String source, RepeatEnquiry repeat) {
        ObjectNode node = data.putObject("repeat");
        node.put("source", source);
        ArrayNode details = node.putArray("details");
        for (RepeatEnquiry.Said said : repeat.said()) {
            details.addObject()
                    .put("field", said.field())
                    .put("value", said.value())
                    .put("lead_has", said.leadHas())
                    .put("added", said.added());
        }
    }

    // the same test the delivery engine makes before it falls back to SMS: a valid address nothing suppresses
    boolean emailReaches(AssignmentRule agent) {
        return addresses.email(agent.agentEmail())
                .map(address -> consent.find(Channel.EMAIL.wire(), address, Category.TRANSACTIONAL.wire()).isEmpty())
                .orElse(false);
    }

    private static Recipient recipient(AssignmentRule agent) {
        return new Recipient(agent.agentName(), agent.agentPhone(), agent.agentEmail(), null);
    }

    /** The customer hears that the request arrived: email, or SMS when there is no usable email. */
    void acknowledged(Lead lead, AssignmentRule agent) {
        submit("lead_acknowledgement", EMAIL_THEN_SMS, "normal",
                new Recipient(lead.fullName(), lead.phone(), lead.email(), null), data(lead, agent),
                acknowledgement(lead));
    }

    /** Ops hear of a lead no agent could take; returns whether anyone was configured to hear it. */
    boolean unassigned(Lead lead, String why) {
        Optional<Recipient> ops = ops(lead, why);
        if (ops.isEmpty()) {
            return false;
        }
        ObjectNode data = data(lead, null);
        data.put("reason", why);
        data.put("console_url", consoleUrl(lead));
        submit("lead_unassigned", EMAIL_THEN_SMS, "high", ops.get(), data, "lead:" + lead.id() + ":unassigned");
        return true;
    }

    /** The lead's page in the ops console, where it is given to an agent. */
    private String consoleUrl(Lead lead) {
        return urls.of("/ops/#/leads/" + lead.id());
    }

    /** The ops contact who hears of a lead without an agent; empty, and said in the log, when none is set. */
    private Optional<Recipient> ops(Lead lead, String what) {
        LeadsProperties.OpsContact ops = properties.opsContact();
        if (ops == null || !ops.isSet()) {
            log.warn("Lead {} has no agent ({}) and hub.leads.ops-contact is not set: nobody was told", lead.id(),
                    what);
            return Optional.empty();
        }
        return Optional.of(new Recipient(ops.name(), blankToNull(ops.phone()), blankToNull(ops.email()), null));
    }

    /** The six notices and the data each is certain to get, for the template safety check (API.md §2a). */
    @Override
    public List<TemplateUsage> usages() {
        return List.of(usage("lead_assigned", EMAIL_THEN_SMS, LEAD, AGENT, CONTACT),
                usage("lead_reassigned", EMAIL_THEN_SMS, LEAD, AGENT, PREVIOUS),
                usage("lead_overdue", EMAIL_THEN_SMS, LEAD, AGENT, CONTACT, REASON),
                usage("lead_asked_again", EMAIL_THEN_SMS, LEAD, REPEAT),
                usage("lead_acknowledgement", EMAIL_THEN_SMS, LEAD),
                usage("lead_unassigned", EMAIL_THEN_SMS, LEAD, REASON, CONSOLE));
    }

    @SafeVarargs
    private static TemplateUsage usage(String template, List<String> channels, Set<String>... parts) {
        Set<String> guaranteed = new HashSet<>();
        for (Set<String> part : parts) {
            guaranteed.addAll(part);
        }
        return new TemplateUsage(template, "the lead notice " + template, channels, guaranteed::contains);
    }

    private void submit(String template, List<String> channels, String priority, Recipient to, ObjectNode data,
            String originKey) {
        NotificationRequest request = new NotificationRequest(template, channels, Category.TRANSACTIONAL.wire(),
                priority, to, data, null, null, null);
        submitter.submit(request, NotificationOrigin.LEAD, originKey, null, "hub", null);
    }

    // every key present, null or not: templates use strict variables, and a missing key would fail the render
    private ObjectNode data(Lead lead, AssignmentRule agent) {
        ObjectNode data = json.createObjectNode();
        ObjectNode node = data.putObject("lead");
        node.put("id", lead.id());
        node.put("first_name", lead.firstName());
        node.put("last_name", lead.lastName());
        node.put("email", lead.email());
        node.put("phone", lead.phone());
        node.put("source", lead.source());
        node.put("trip_details", lead.tripDetails());
        node.put("estimated_passengers", lead.estimatedPassengers());
        node.put("estimated_trip_date", lead.estimatedTripDate() == null ? null : lead.estimatedTripDate().toString());
        node.put("pickup_location", lead.pickupLocation());
        node.put("dropoff_location", lead.dropoffLocation());
        node.put("status", lead.status());
        node.put("assigned_agent_id", lead.assignedAgentId());
        data.set("agent", agent == null ? data.nullNode() : agent(agent));
        data.putNull("previous_agent");
        return data;
    }

    private ObjectNode agent(AssignmentRule rule) {
        ObjectNode agent = json.createObjectNode();
        agent.put("id", rule.agentId());
        agent.put("name", rule.agentName());
        agent.put("email", rule.agentEmail());
        agent.put("phone", rule.agentPhone());
        return agent;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
