package com.coachway.hub.apidocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coachway.hub.client.ApiClient;
import com.coachway.hub.client.ApiException;
import com.coachway.hub.client.ApiResponse;
import com.coachway.hub.client.api.EventsApi;
import com.coachway.hub.client.api.LeadsApi;
import com.coachway.hub.client.api.NotificationsApi;
import com.coachway.hub.client.model.CloudEvent;
import com.coachway.hub.client.model.EventReply;
import com.coachway.hub.client.model.FieldError;
import com.coachway.hub.client.model.LeadBody;
import com.coachway.hub.client.model.LeadView;
import com.coachway.hub.client.model.NotificationView;
import com.coachway.hub.client.model.NotificationsListing;
import com.coachway.hub.client.model.Problem;
import com.coachway.hub.support.DeliveryIntegrationTest;

/**
 * The Java client generated at build time from the committed OpenAPI snapshot, used as an integrator would use it.
 * Every exchange also goes through {@link CheckedExchanges}, so an answer that drifted from its schema fails here
 * even where the lenient client would have read it.
 */
class GeneratedClientTest extends DeliveryIntegrationTest {

    private CheckedExchanges exchanges;

    @BeforeEach
    void checkEveryExchange() throws IOException {
        exchanges = new CheckedExchanges(Files.readString(ApiDescriptionTest.OPENAPI_SNAPSHOT));
    }

    @AfterEach
    void everyAnswerFitTheDescription() {
        assertThat(exchanges.checked()).isNotEmpty();
        assertThat(exchanges.problems()).as("exchanges that do not fit the OpenAPI description").isEmpty();
    }

    private ApiClient client(String key) {
        ApiClient client = new ApiClient();
        client.setHttpClientBuilder(exchanges.builder());
        client.updateBaseUri("http://localhost:" + port);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
        return client;
    }

    @Test
    void theReadmesFirstEventIsAcceptedOnceAndItsNotificationsAreReadBack() throws ApiException {
        twilioAccepts();
        EventsApi events = new EventsApi(client(CHARTER_KEY));
        String id = "evt-" + UUID.randomUUID();
        CloudEvent event = new CloudEvent().specversion(CloudEvent.SpecversionEnum._1_0).id(id)
                .source("charter-service").type("charter.confirmed").time(OffsetDateTime.parse("2026-03-01T10:00:00Z"))
                .subject("charter/186").datacontenttype("application/json")
                .data(Map.of("charter_id", 186, "client", Map.of("name", "Ana Ruiz", "phone", "+1 (555) 555-1234",
                        "email", "ana@example.com")));

        ApiResponse<EventReply> accepted = events.eventsPostWithHttpInfo(event, null, null, null, null, null, null);
        ApiResponse<EventReply> again = events.eventsPostWithHttpInfo(event, null, null, null, null, null, null);

        assertThat(accepted.getStatusCode()).isEqualTo(202);
        assertThat(accepted.getData().getId()).isEqualTo(id);
        assertThat(accepted.getData().getStatus()).isEqualTo("accepted");
        assertThat(accepted.getData().getDuplicate()).isFalse();
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(again.getData().getDuplicate()).isTrue();

        NotificationsApi notifications = new NotificationsApi(client(CHARTER_KEY));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            NotificationsListing page = notifications.notificationsList(null, null, null, id, null, null, null, null,
                    null, null);
            assertThat(page.getItems()).hasSize(2).allSatisfy(n -> assertThat(n.getStatus())
                    .isEqualTo(NotificationView.StatusEnum.SENT));
        });
        NotificationsListing page = notifications.notificationsList(null, null, null, id, null, null, null, null,
                null, null);
        assertThat(page.getItems()).extracting(NotificationView::getChannel)
                .containsExactlyInAnyOrder("whatsapp", "email");
        NotificationView one = notifications.notificationsGet(page.getItems().get(0).getId());
        assertThat(one.getTemplate()).isEqualTo("charter_confirmed");
        assertThat(one.getEventId()).isEqualTo(id);
        assertThat(one.getEvents()).extracting(e -> e.getStatus().getValue()).contains("queued", "sending", "sent");
    }

    @Test
    void aLeadIsCreatedAndABadOneIsATypedProblemNamingEachField() {
        ApiClient client = client(SALES_KEY);
        LeadsApi leads = new LeadsApi(client);
        String email = uniqueEmail();

        LeadView created = call(() -> leads.leadsCreate(new LeadBody().firstName("Ana").lastName("Ruiz").email(email)
                .phone(uniquePhone()).source(LeadBody.SourceEnum.WEB).estimatedPassengers(48L)
                .estimatedTripDate(LocalDate.now().plusMonths(3).toString()).pickupLocation("Boston")
                .dropoffLocation("Portland")));
        assertThat(created.getId()).isNotBlank();
        assertThat(created.getStatus()).isEqualTo("new");
        assertThat(created.getEmail()).isEqualTo(email);

        ApiException refused = catchThrowableOfType(ApiException.class, () -> leads.leadsCreate(new LeadBody()
                .firstName("Ana").estimatedTripDate("2001-01-01")));
        assertThat(refused.getCode()).isEqualTo(400);
        assertThat(refused.getResponseHeaders().firstValue("Content-Type")).hasValue("application/problem+json");
        Problem problem = call(() -> client.getObjectMapper().readValue(refused.getResponseBody(), Problem.class));
        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getErrors()).extracting(FieldError::getField).contains("source", "estimated_trip_date");
    }

    @Test
    void theCheckNoticesAnAnswerThatDriftedFromItsSchema() {
        // what the description promises, then the same answer with a field of the wrong type and an undescribed code
        String lead = "{\"id\":\"ld_1\",\"first_name\":\"Ana\",\"status\":\"new\",\"estimated_passengers\":48}";
        assertThat(exchanges.check("GET", "/api/v1/leads/ld_1", 200, "application/json", lead).hasErrors()).isFalse();
        assertThat(exchanges.check("GET", "/api/v1/leads/ld_1", 200, "application/json",
                lead.replace("48", "\"forty-eight\"")).hasErrors()).isTrue();
        assertThat(exchanges.check("GET", "/api/v1/leads/ld_1", 418, "application/json", lead).hasErrors()).isTrue();
        call(() -> new LeadsApi(client(OPS_KEY)).leadsPipeline());
    }

    private interface Call<T> {
        T get() throws Exception;
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
