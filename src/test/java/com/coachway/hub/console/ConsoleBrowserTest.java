package com.coachway.hub.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.Forms;
import com.coachway.hub.support.TestInfrastructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * The 3 a.m. path in a real browser (Debian's chromium through its chromedriver, nothing downloaded): ops sign in,
 * find a parked SMS by its reason as soon as it parks, correct the mistyped number in the body, replay it, and watch
 * its timeline reach {@code sent} while the Twilio fake receives it once, at the right number. An analyst sees the
 * same pages and can change nothing. Screenshots at desktop and phone width land in {@code target/screenshots}.
 */
@TestPropertySource(properties = "hub.deadletters.auto-startup=true")
class ConsoleBrowserTest extends DeliveryIntegrationTest {

    private static final String OPS = "Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes());
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration LIVE = Duration.ofSeconds(2);

    private WebDriver browser;
    private WebDriverWait waiting;

    @DynamicPropertySource
    static void charterSystem(DynamicPropertyRegistry registry) {
        registry.add("hub.outbound.charter.base-url", () -> PROVIDERS.baseUrl() + "/charter");
    }

    @BeforeEach
    void openBrowser() throws IOException {
        Path chromium = Path.of(System.getProperty("hub.test.chromium", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("hub.test.chromedriver", "/usr/bin/chromedriver"));
        assertThat(Files.isExecutable(chromium) && Files.isExecutable(driver))
                .as("the console's browser test needs Debian's chromium and chromium-driver (.ci/run installs them:"
                        + " apt-get install chromium chromium-driver)")
                .isTrue();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // headless, and quiet: this machine's network is closed, so Chromium must not try to phone home
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory("hub-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        waiting = new WebDriverWait(browser, Duration.ofSeconds(20));
        Files.createDirectories(SCREENSHOTS);
        // the overview shows the broker's queue rates; the hub remembers for a while that the plugin was off
        TestInfrastructure.enableManagementPlugin();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void opsFindAParkedSmsByItsReasonCorrectTheNumberAndReplayItAndAnAnalystCannot() throws Exception {
        String marker = "handset-" + UUID.randomUUID().toString().substring(0, 8);
        String wrong = uniquePhone();
        String right = uniquePhone();
        String other = uniquePhone();
        signIn("ops", "ops-password");
        assertThat(text(By.id("who"))).startsWith("ops");

        // the list is open, filtered by the reason, before anything fails
        browser.get(url("/ops/#/dead-letters?reason=" + marker));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dead-letter-list"), "No dead letters"));
        twilioAccepts(); // every number but the two below
        String notificationId = parkSms(wrong, marker);
        String otherNotification = parkSms(other, marker);
        long letterId = letterOf(notificationId).get("id").asLong();

        // the live list shows it within two seconds of its parking, with its reason and the provider's code
        By row = By.cssSelector("tr[data-id='" + letterId + "']");
        new WebDriverWait(browser, LIVE).until(ExpectedConditions.presenceOfElementLocated(row));
        assertThat(browser.findElement(row).getText()).contains(marker, "30003", "q.deliver.sms", "parked");
        // in UTC, as the times in the list are, whatever the browser's zone
        assertThat(text(By.id("updated"))).matches("live · updated \\d\\d:\\d\\d:\\d\\dZ");
        screenshot("dead-letters-desktop");

        browser.findElement(row).click();
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("body-editor")));
        assertThat(text(By.id("reason"))).contains(marker);
        assertThat(text(By.id("provider-code"))).isEqualTo("30003");
        WebElement editor = browser.findElement(By.id("body-editor"));
        ObjectNode body = (ObjectNode) JSON.readTree(editor.getAttribute("value"));
        assertThat(body.get("address").asText()).isEqualTo(wrong);
        body.put("address", right);
        String corrected = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body);

        // the editor refuses what is not JSON before anything is sent
        edit(editor, corrected.replace("{", "{,"));
        assertThat(browser.findElement(By.id("replay-edited")).isEnabled()).isFalse();
        assertThat(text(By.id("body-check"))).startsWith("Not valid JSON");
        edit(editor, corrected);
        assertThat(browser.findElement(By.id("replay-edited")).isEnabled()).isTrue();
        screenshot("dead-letter-desktop");
        browser.findElement(By.id("replay-edited")).click();

        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "replayed"));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "replayed by ops"));
        browser.findElement(By.id("notification-link")).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notification-status"), "sent"));
        assertThat(text(By.id("timeline"))).contains("replayed from the dead letters by ops", "recipient corrected");
        List<LoggedRequest> toRight = twilioRequests().stream().filter(r -> r.getBodyAsString()
                .contains("To=" + URLEncoder.encode(right, StandardCharsets.UTF_8))).toList();
        assertThat(toRight).hasSize(1);
        // and it shows the very text the recipient got
        assertThat(text(By.id("message-body"))).startsWith("CoachWay dispatch: Dave")
                .isEqualTo(Forms.parse(toRight.get(0).getBodyAsString()).get("Body"));
        screenshot("notification-desktop");

        browser.get(url("/ops/#/"));
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.chart")));
        // the queues with the broker's rates (name, depth, consumers, in and out per second), refreshed every 5 s
        waiting.until(ExpectedConditions.textMatches(By.cssSelector("#queues tr[data-queue='q.deliver.sms']"),
                java.util.regex.Pattern.compile("q\\.deliver\\.sms \\d+ \\d+ \\d+\\.\\d \\d+\\.\\d")));
        assertThat(browser.findElements(By.id("rates-note"))).isEmpty();
        assertThat(text(By.id("overdue-card"))).matches("\\d+ s\\s+the oldest due timed send has waited");
        // the other SMS is still parked, and the card says it counts among those parked now
        assertThat(text(By.id("parked-hour-card"))).matches("[1-9]\\d*\\s+of them parked in the last hour");
        screenshot("overview-desktop");
        browser.manage().window().setSize(new Dimension(375, 812));
        screenshot("overview-375");
        browser.get(url("/ops/#/dead-letters?reason=" + marker));
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#dead-letter-list tr[data-id]")));
        screenshot("dead-letters-375");
        Long scrollWidth = (Long) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth;");
        assertThat(scrollWidth).as("the page fits a 375 px phone without scrolling sideways").isLessThanOrEqualTo(375);
        browser.manage().window().setSize(new Dimension(1280, 900));

        // an analyst reads the same pages, every write is disabled, and the API refuses one forced through
        browser.findElement(By.cssSelector("#logout button")).click();
        waiting.until(ExpectedConditions.urlContains("/ops/login"));
        signIn("analyst", "analyst-password");
        assertThat(text(By.id("who"))).contains("read only");
        long otherId = letterOf(otherNotification).get("id").asLong();
        browser.get(url("/ops/#/dead-letters/" + otherId));
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("body-editor")));
        for (String write : List.of("replay", "replay-edited", "discard")) {
            assertThat(browser.findElement(By.id(write)).isEnabled()).as(write).isFalse();
        }
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                var token = document.cookie.match(/XSRF-TOKEN=([^;]+)/)[1];
                fetch('/ops/api/dead-letters/' + arguments[0] + '/replay',
                      {method: 'POST', headers: {'X-XSRF-TOKEN': decodeURIComponent(token)}})
                  .then(function (r) { done(r.status); });
                """, otherId);
        assertThat(((Number) status).intValue()).isEqualTo(403);
        browser.get(url("/ops/#/dead-letters?reason=" + marker));
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("bulk-replay")));
        assertThat(browser.findElement(By.id("bulk-replay")).isEnabled()).isFalse();
        assertThat(browser.findElement(By.id("bulk-discard")).isEnabled()).isFalse();
        assertThat(letterOf(otherNotification).get("status").asText()).isEqualTo("parked");

        // ops again: the bulk replay counts first and asks; a discard hides the letter and keeps its record
        browser.findElement(By.cssSelector("#logout button")).click();
        waiting.until(ExpectedConditions.urlContains("/ops/login"));
        signIn("ops", "ops-password");
        browser.get(url("/ops/#/dead-letters?reason=" + marker));
        waiting.until(ExpectedConditions.elementToBeClickable(By.id("bulk-replay"))).click();
        assertThat(text(By.id("bulk-dry-run"))).contains("Dry run: 1 parked message matches.");
        browser.findElement(By.cssSelector("#bulk-dry-run button:not(.danger)")).click();
        browser.get(url("/ops/#/dead-letters/" + otherId));
        waiting.until(ExpectedConditions.elementToBeClickable(By.id("discard")));
        browser.findElement(By.id("discard-reason")).sendKeys("customer called: number no longer in use");
        browser.findElement(By.id("discard")).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "discarded by ops"));
        assertThat(text(By.id("history"))).contains("customer called: number no longer in use");
        browser.get(url("/ops/#/dead-letters?reason=" + marker));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dead-letter-list"), "No dead letters"));
        assertThat(letterOf(otherNotification).get("status").asText()).isEqualTo("discarded");
        assertThat(twilioRequests()).filteredOn(r -> r.getBodyAsString()
                .contains("To=" + URLEncoder.encode(other, StandardCharsets.UTF_8))).hasSize(4);
    }

    @Test
    void opsGiveUpEveryMessageOfAFilterWithOneReasonAndEachNotificationSaysSo() throws Exception {
        String marker = "gone-" + UUID.randomUUID().toString().substring(0, 8);
        twilioAccepts();
        List<String> parked = List.of(parkSms(uniquePhone(), marker), parkSms(uniquePhone(), marker));
        List<Long> letters = parked.stream().map(id -> letterOf(id).get("id").asLong()).toList();
        signIn("ops", "ops-password");
        browser.get(url("/ops/#/dead-letters?reason=" + marker));
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-id='" + letters.get(1)
                + "']")));

        waiting.until(ExpectedConditions.elementToBeClickable(By.id("bulk-discard"))).click();
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("bulk-dry-run")));
        assertThat(text(By.id("bulk-dry-run"))).contains("Dry run: 2 parked messages match", "Discard them all?");
        // no reason, no discard
        browser.findElement(By.id("bulk-confirm")).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "A discard needs its reason"));
        assertThat(letterOf(parked.get(0)).get("status").asText()).isEqualTo("parked");

        browser.findElement(By.id("bulk-reason")).sendKeys("the trips left yesterday");
        browser.findElement(By.id("bulk-confirm")).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Discarded 2."));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dead-letter-list"), "No dead letters"));
        for (int i = 0; i < parked.size(); i++) {
            JsonNode letter = letterOf(parked.get(i));
            assertThat(letter.get("status").asText()).isEqualTo("discarded");
            assertThat(letter.get("history").get(0).get("note").asText()).isEqualTo("the trips left yesterday");
        }

        // whoever looks the notification up later reads that it was given up, by whom and why; it stays parked
        browser.get(url("/ops/#/notifications/" + parked.get(0)));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "given up by ops"));
        assertThat(text(By.id("timeline"))).contains("given up by ops (dead letter " + letters.get(0)
                + " discarded): the trips left yesterday");
        assertThat(text(By.id("notification-status"))).isEqualTo("parked");
        assertThat(json(get("/api/v1/notifications/" + parked.get(1), "Authorization", OPS).body()).get("events")
                .findValuesAsText("detail")).contains("given up by ops (dead letter " + letters.get(1)
                        + " discarded): the trips left yesterday");
    }

    @Test
    void opsSeeAScheduledCampaignsStatsWhichOfItsSendsWouldBeStoppedAndCancelItFromItsPage() throws Exception {
        String id = "browser-" + UUID.randomUUID().toString().substring(0, 8);
        String data = """
                {"template":"seasonal_offer","campaign_id":"%s","send_at":"%s",
                 "recipients":[{"name":"Ana","email":"ana.%s@example.com"},{"name":"Ben","email":"ben.%s@example.com"}],
                 "offer":{"percent":15,"season":"summer","ends":"2027-05-31","url":"https://coachway.example/s"}}"""
                .formatted(id, java.time.Instant.now().plus(Duration.ofHours(3)), id, id);
        assertThat(postEvent(event(id, "marketing.campaign", data)).statusCode()).isEqualTo(202);
        // another campaign waiting beside it, whose sends its page does not list
        assertThat(postEvent(event("other-" + id, "marketing.campaign", data.replace("\"" + id + "\"", "\"other-"
                + id + "\""))).statusCode()).isEqualTo(202);
        signIn("ops", "ops-password");

        browser.get(url("/ops/#/campaigns"));
        By row = By.cssSelector("tr[data-id='" + id + "']");
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(row, "2 / 2"));
        assertThat(browser.findElement(row).getText()).contains("scheduled", "seasonal_offer");
        browser.findElement(row).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-stat='waiting']"),
                "2"));
        assertThat(text(By.cssSelector("[data-stat='recipients']"))).isEqualTo("2");
        screenshot("campaign-desktop");

        // Ben said "no more offers" since: the campaign's own waiting sends say his would be stopped
        assertThat(post("/api/v1/consent/email/opt-out", "application/json",
                "{\"address\":\"ben.%s@example.com\",\"reason\":\"on the phone\",\"category\":\"marketing\"}"
                        .formatted(id),
                "Authorization", OPS).statusCode()).isEqualTo(200);
        browser.findElement(By.id("campaign-waiting")).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "campaign " + id));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("scheduled-list"), "2 waiting"));
        assertThat(browser.findElements(By.cssSelector("#scheduled-list tbody tr"))).extracting(WebElement::getText)
                .satisfiesExactlyInAnyOrder(ana -> assertThat(ana).contains("Ana").doesNotContain("blocked"),
                        ben -> assertThat(ben).contains("Ben", "blocked if nothing changes before its time: email: "
                                + "b***@example.com is opted_out for marketing (api)"));
        // Ben's send is called off by itself: asked first, then why, which its timeline keeps
        By bensCancel = By.xpath("//*[@id='scheduled-list']//tr[contains(., 'Ben')]//button[@data-id]");
        String ben = browser.findElement(bensCancel).getAttribute("data-id");
        browser.findElement(bensCancel).click();
        Alert asked = waiting.until(ExpectedConditions.alertIsPresent());
        assertThat(asked.getText()).startsWith("Cancel seasonal_offer to Ben");
        asked.dismiss(); // thought better of it: nothing happens
        assertThat(text(By.id("scheduled-list"))).contains("2 waiting");
        browser.findElement(bensCancel).click();
        Alert why = waiting.until(ExpectedConditions.alertIsPresent());
        why.sendKeys("Ben asked on the phone for no offers");
        why.accept();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("scheduled-list"), "1 waiting"));
        assertThat(json(get("/api/v1/notifications/" + ben, "Authorization", OPS).body()).get("events")
                .findValuesAsText("detail"))
                .contains("cancelled by ops before its send time: Ben asked on the phone for no offers");
        browser.findElement(By.linkText("‹ Campaign " + id)).click();
        waiting.until(ExpectedConditions.elementToBeClickable(By.id("cancel-campaign")));

        // the rest is called off with the campaign, asked first and why, as one send was
        waiting.until(ExpectedConditions.elementToBeClickable(By.id("cancel-campaign"))).click();
        Alert campaignWhy = waiting.until(ExpectedConditions.alertIsPresent());
        assertThat(campaignWhy.getText()).startsWith("Cancel campaign " + id + "?");
        campaignWhy.sendKeys("the offer was withdrawn");
        campaignWhy.accept();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "2 sends called off"));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-stat='cancelled']"),
                "2"));
        assertThat(browser.findElement(By.id("cancel-campaign")).isEnabled()).isFalse();
        assertThat(text(By.id("campaign"))).contains("cancelled", "by ops: the offer was withdrawn");
        // what became of the campaign's sends, from the scheduled list's status: both called off, none to cancel
        browser.findElement(By.id("campaign-waiting")).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("scheduled-list"),
                "Nothing is waiting for its time."));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("f-scheduled-status")))
                .selectByValue("cancelled");
        browser.findElement(By.cssSelector("#view form.filters button[type=submit]")).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("scheduled-list"), "2 cancelled"));
        assertThat(browser.getCurrentUrl()).contains("status=cancelled", "campaign=" + id);
        assertThat(browser.findElements(By.cssSelector("#scheduled-list tbody tr"))).extracting(WebElement::getText)
                .allSatisfy(send -> assertThat(send).endsWith("cancelled")).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("#scheduled-list button[data-id]"))).isEmpty();

        // a link to a campaign or a notification that is not there says so where it would be, not "Loading…"
        browser.get(url("/ops/#/campaigns/no-such-campaign"));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("campaign"),
                "No campaign no-such-campaign"));
        browser.get(url("/ops/#/notifications/ntf_nope"));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("view"), "No notification ntf_nope"));
        assertThat(text(By.id("view"))).doesNotContain("Loading…");
        assertThat(json(get("/api/v1/campaigns/" + id, "Authorization", OPS).body()).get("status").asText())
                .isEqualTo("cancelled");
    }

    @Test
    void opsPageThroughMoreScheduledSendsThanOnePageHolds() throws Exception {
        String id = "paging-" + UUID.randomUUID().toString().substring(0, 8);
        String recipients = String.join(",", java.util.stream.IntStream.range(0, 55)
                .mapToObj(i -> "{\"name\":\"R%d\",\"email\":\"r%d.%s@example.com\"}".formatted(i, i, id))
                .toList());
        String data = """
                {"template":"seasonal_offer","campaign_id":"%s","send_at":"%s","recipients":[%s],
                 "offer":{"percent":10,"season":"winter","ends":"2027-02-28","url":"https://coachway.example/w"}}"""
                .formatted(id, java.time.Instant.now().plus(Duration.ofHours(5)), recipients);
        assertThat(postEvent(event(id, "marketing.campaign", data)).statusCode()).isEqualTo(202);
        // every one of its sends made first (others may wait beside them, from other tests)
        await().atMost(Duration.ofSeconds(20)).until(() -> json(get("/api/v1/scheduled?size=1&campaign=" + id,
                "Authorization", OPS).body()).get("total").asLong(), n -> n == 55);
        long total = json(get("/api/v1/scheduled?size=1", "Authorization", OPS).body()).get("total").asLong();
        signIn("ops", "ops-password");

        browser.get(url("/ops/#/scheduled"));
        By pager = By.cssSelector("#scheduled-list .pager");
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(pager, "1–50 of " + total + " waiting"));
        List<String> first = sendIds();
        assertThat(first).hasSize(50);
        assertThat(browser.findElement(By.linkText("‹ Sooner")).getAttribute("class")).contains("off");

        browser.findElement(By.linkText("Later ›")).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(pager, "51–" + Math.min(total, 100) + " of "
                + total));
        assertThat(browser.getCurrentUrl()).endsWith("#/scheduled?page=1");
        List<String> second = sendIds();
        assertThat(second).hasSize((int) Math.min(total, 100) - 50).doesNotContainAnyElementsOf(first);

        browser.findElement(By.linkText("‹ Sooner")).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(pager, "1–50 of "));
        assertThat(sendIds()).isEqualTo(first);

        // a charter called off by phone: its waiting send is found by its event's subject, and says whom it is for
        String subject = "charter/called-off-" + id;
        String one = event("one-" + id, "marketing.campaign", """
                {"template":"seasonal_offer","campaign_id":"one-%s","send_at":"%s",
                 "recipients":[{"name":"Zoe Park","email":"zoe.%s@example.com"}],
                 "offer":{"percent":10,"season":"winter","ends":"2027-02-28","url":"https://coachway.example/w"}}"""
                .formatted(id, java.time.Instant.now().plus(Duration.ofHours(5)), id))
                .replace("charter/186", subject);
        assertThat(postEvent(one).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> json(get("/api/v1/scheduled?subject=" + subject,
                "Authorization", OPS).body()).get("total").asLong() == 1);
        // Zoe said "no more offers" on the phone since: the row says the send would be blocked
        assertThat(post("/api/v1/consent/email/opt-out", "application/json", "{\"address\":\"zoe." + id
                + "@example.com\",\"reason\":\"asked on the phone\",\"category\":\"marketing\"}", "Authorization",
                OPS).statusCode()).isEqualTo(200);
        browser.findElement(By.id("f-scheduled-subject")).sendKeys(subject + Keys.ENTER);
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#scheduled-list td.to"),
                "Zoe Park · zoe." + id + "@example.com"));
        assertThat(browser.findElement(By.cssSelector("#scheduled-list td.reason .outlook")).getText())
                .startsWith("blocked if nothing changes before its time: email: ").endsWith(" for marketing (api)");
        assertThat(browser.getCurrentUrl()).endsWith("#/scheduled?subject=" + subject.replace("/", "%2F"));
        assertThat(sendIds()).hasSize(1);

        // a send that still waits offers no Resend: it would reach Zoe twice at its time
        browser.get(url("/ops/#/notifications/" + sendIds().get(0)));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".actions"),
                "Still on its way"));
        assertThat(browser.findElements(By.id("resend"))).isEmpty();
    }

    private List<String> sendIds() {
        return browser.findElements(By.cssSelector("#scheduled-list button[data-id]")).stream()
                .map(b -> b.getAttribute("data-id"))
                .toList();
    }

    @Test
    void aResendClickedTwiceTextsTheCustomerOnce() {
        twilioAccepts();
        String phone = uniquePhone();
        String id = notify(request("recovery_contact", "[\"sms\"]", "{\"name\":\"Dave\",\"phone\":\"" + phone
                + "\"}",
                "{\"charter_id\":9,\"attempts\":1,\"recovery_id\":\"R-3\","
                        + "\"dispatch_phone\":\"+15555550100\"}"));
        awaitStatus(id, "sent");
        signIn("ops", "ops-password");
        browser.get(url("/ops/#/notifications/" + id));

        WebElement resend = waiting.until(ExpectedConditions.elementToBeClickable(By.id("resend")));
        new Actions(browser).doubleClick(resend).perform();

        Supplier<List<String>> resends = () -> jdbc.sql("SELECT id FROM notifications WHERE resend_of = ?").param(id)
                .query(String.class).list();
        await().atMost(Duration.ofSeconds(10)).until(() -> !resends.get().isEmpty());
        // long enough for the second click's request to have made its own
        await("one resend for the two clicks").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> resends.get().size() == 1);
        String copy = resends.get().get(0);
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Resent as " + copy));
        awaitStatus(copy, "sent");
        assertThat(twilioRequests().stream().filter(r -> r.getBodyAsString().contains(phone.substring(1))))
                .hasSize(2);

        // the original's timeline names the copy, and opens it
        browser.get(url("/ops/#/notifications/" + id));
        waiting.until(ExpectedConditions.elementToBeClickable(By.linkText(copy))).click();
        waiting.until(ExpectedConditions.urlContains("#/notifications/" + copy));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), copy));
    }

    @Test
    void opsSeeAStatusCallbackThatWasSetAsideAndSendItBack() throws Exception {
        twilioAccepts();
        String id = notify(request("recovery_contact", "[\"sms\"]", "{\"name\":\"Dave\",\"phone\":\""
                + uniquePhone() + "\"}",
                "{\"charter_id\":9,\"attempts\":1,\"recovery_id\":\"R-2\","
                        + "\"dispatch_phone\":\"+15555550100\"}"));
        String sid = awaitStatus(id, "sent").get("provider_message_id").asText();
        // as the applier leaves one it gave up on (CallbacksSetAsideTest makes one fail for real)
        long callback = jdbc.sql("""
                INSERT INTO provider_callbacks (provider, message_id, status, state, outcome, attempts)
                VALUES ('twilio', ?, 'delivered', 'failed', 'org.example.SomethingBroke: disk full', 5) RETURNING id
                """).param(sid).query(Long.class).single();
        signIn("ops", "ops-password");

        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("callbacks-card")));
        assertThat(browser.findElement(By.id("callbacks-card")).getAttribute("class")).contains("alert");
        // the card's noun agrees with its count ("1 status callback", never "1 status callbacks")
        String card = text(By.id("callbacks-card"));
        assertThat(card).matches("1\\s+status callback set aside|([02-9]|\\d{2,})\\s+status callbacks set aside");
        browser.findElement(By.id("callbacks-card")).click();
        By retry = By.cssSelector("#callback-list button[data-id='" + callback + "']");
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("callback-list"), "disk full"));
        assertThat(text(By.id("callback-list"))).contains("twilio delivered", sid);
        screenshot("callbacks-desktop");
        waiting.until(ExpectedConditions.elementToBeClickable(retry)).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "#" + callback));
        awaitStatus(id, "delivered");
        waiting.until(ExpectedConditions.invisibilityOfElementLocated(retry));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private String text(By locator) {
        return waiting.until(ExpectedConditions.visibilityOfElementLocated(locator)).getText();
    }

    @Test
    void anEventIdLookedUpSaysWhatBecameOfTheEventAsWellAsItsNotifications() throws IOException {
        String unrouted = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(unrouted, "ops.nothing.happened", "{}")).statusCode()).isEqualTo(202);
        String refused = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(refused, "trip.reminder", "{\"client\":{\"phone\":\"+15555550100\"}}"))
                .statusCode()).isEqualTo(400);
        signIn("ops", "ops-password");

        // it made no notification, and the page says why rather than only "nothing matches"
        browser.get(url("/ops/#/notifications?q=" + unrouted));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("lookup-results"), "unrouted"));
        assertThat(text(By.id("lookup-results"))).contains("ops.nothing.happened", "no rule matches\n0 actions",
                "No notification matches");

        browser.get(url("/ops/#/notifications?q=" + refused));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("lookup-results"), "rejected"));
        assertThat(text(By.id("lookup-results")))
                .contains("trip.reminder", "invalid event\ndata.client.name is required")
                .containsOnlyOnce("data.client.name");

        // a converted lead is pushed to the charter system: the lookup shows that it got there
        PROVIDERS
                .stubFor(WireMock.post(WireMock.urlEqualTo("/charter/events")).willReturn(aResponse().withStatus(201)));
        String converted = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(converted, "lead.converted", "{\"lead_id\":\"lead_7\"}")
                .replace("charter/186", "charter/" + UUID.randomUUID())).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT count(*) FROM outbound_pushes WHERE event_id = ? AND status = 'delivered'").param(converted)
                .query(Long.class).single() == 1);
        browser.get(url("/ops/#/notifications?q=" + converted));
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("pushes")));
        assertThat(text(By.id("pushes"))).contains("charter", "delivered", "HTTP 201");
        assertThat(text(By.id("lookup-results"))).contains("routed", "rules: lead-converted\n1 action");
        screenshot("event-lookup-desktop");

        // this hub has no vendor system: a confirmation's vendor push waits, and the lookup says why
        String confirmed = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(confirmed, "charter.confirmed", clientData())).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> "routed".equals(eventStatus("charter-service", confirmed)));
        browser.get(url("/ops/#/notifications?q=" + confirmed));
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("pushes")));
        assertThat(text(By.id("pushes"))).contains("vendor", "pending",
                "pushes to vendor are off (hub.outbound.vendor.base-url is not set)");
        // without a trip date there is no reminder, and the event says so
        assertThat(text(By.cssSelector(".event-row")))
                .contains("no trip_reminder to client: it has no date at trip.date");

        // a feedback request waits two hours for its email: listed with the address it will go to
        String completed = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(completed, "trip.completed", clientData()).replace("2026-03-01T10:00:00Z",
                java.time.Instant.now().toString())).statusCode()).isEqualTo(202);
        // made by the notify step after routing: the page shows what there is when it loads
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT count(*) FROM notifications WHERE event_id = ? AND template = 'feedback_request'")
                .param(completed).query(Long.class).single() == 1);
        browser.get(url("/ops/#/notifications?q=" + completed));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("lookup-results"), "feedback_request"));
        assertThat(text(By.cssSelector("#lookup-results tr.clickable"))).contains("Ana Ruiz · ana@example.com",
                "feedback_request", "email", "queued");
        // and the overview says so first, as nothing about it is parked
        browser.get(url("/ops/#/"));
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("downstream-vendor")));
        assertThat(text(By.id("downstream-vendor"))).matches("pushes to vendor are off \\(hub\\.outbound\\.vendor\\"
                + ".base-url is not set\\): \\d+ push(es wait| waits) in q\\.outbound\\.vendor, the oldest since .+\\. "
                + "They go once it is set\\.");
        assertThat(browser.findElements(By.id("downstream-charter"))).isEmpty();

        // a third failed contact with a driver raises the escalation: one click leads from the attempt to the
        // manager's messages, and back
        twilioAccepts();
        String recovery = "rec-" + UUID.randomUUID().toString().substring(0, 8);
        String attempt = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(attempt, "dispatch.recovery.contact_attempted", """
                {"recovery_id":"%s","attempts":3,"driver":{"name":"Dave Moreno","phone":"%s"},
                 "manager":{"name":"Priya Shah","phone":"%s"}}""".formatted(recovery, uniquePhone(), uniquePhone()))
                .replace("charter/186", "recovery/" + recovery)).statusCode()).isEqualTo(202);
        String raised = "dispatch.recovery.escalated/charter-service/" + recovery;
        await().atMost(Duration.ofSeconds(20)).until(() -> "routed".equals(eventStatus("coachway-hub", raised)));
        browser.get(url("/ops/#/notifications?q=" + attempt));
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".event-row .raised a"))).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("lookup-results"),
                "recovery_escalated"));
        assertThat(text(By.cssSelector(".event-row"))).contains("coachway-hub", "dispatch.recovery.escalated",
                "raised by " + attempt);
        browser.findElement(By.cssSelector(".event-row .raised-by a")).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("lookup-results"), "recovery_contact"));
        assertThat(text(By.cssSelector(".event-row"))).contains("raised " + raised);
    }

    @Test
    void aPhoneLookedUpShowsWhatItTextedUsWhetherItMayBeTextedAndWhichOfOurMessagesThatAnswered() {
        twilioAccepts();
        String phone = uniquePhone();
        String confirmation = notify(request("charter_confirmed", "[\"sms\"]",
                "{\"name\":\"Ana Ruiz\",\"phone\":\"" + phone + "\"}", "{\"charter_id\":186}"));
        awaitStatus(confirmation, "sent");
        assertThat(textFrom(phone, "Running 10 minutes late, please wait for us").statusCode()).isEqualTo(200);
        assertThat(textFrom(phone, "STOP").statusCode()).isEqualTo(200);
        signIn("ops", "ops-password");

        browser.get(url("/ops/#/notifications?q=" + URLEncoder.encode(phone, StandardCharsets.UTF_8)));
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("inbound")));
        assertThat(text(By.id("inbound"))).contains("Running 10 minutes late, please wait for us", "reply",
                "charter_confirmed", "opt_out", "STOP");
        // each notification says whom it is for, as the scheduled sends do
        assertThat(browser.findElements(By.cssSelector("#lookup-results td.to"))).extracting(WebElement::getText)
                .contains("Ana Ruiz · " + phone);
        // whether the number may be texted, and the message its STOP answered
        assertThat(text(By.id("consent"))).contains("sms", "opted out of transactional, marketing, reminders since",
                "(sms_keyword)", "whatsapp", "may be contacted", "opt out", "replied STOP", "sms_keyword · twilio");
        browser.findElement(By.id("consent")).findElement(By.linkText(confirmation)).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), confirmation));
        browser.navigate().back();
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("inbound")));
        browser.findElement(By.id("inbound")).findElement(By.linkText("charter_confirmed")).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), confirmation));
    }

    @Test
    void opsAnswerRepliesFromTheirListAndAreToldWhyWhenOneCannotGo() throws IOException {
        twilioAccepts();
        String phone = uniquePhone();
        awaitStatus(notify(request("charter_confirmed", "[\"sms\"]", "{\"name\":\"Ana Ruiz\",\"phone\":\""
                + phone + "\"}", "{\"charter_id\":186}")), "sent");
        String question = "Can the driver wait 10 minutes? We are stuck in traffic.";
        assertThat(textFrom(phone, question).statusCode()).isEqualTo(200);
        String gone = uniquePhone();
        assertThat(textFrom(gone, "Is it still on?").statusCode()).isEqualTo(200);
        signIn("ops", "ops-password");

        // the replies nobody has answered yet, each with who sent it; keywords are not replies
        browser.findElement(By.cssSelector("#nav a[data-nav='replies']")).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("reply-list"), question));
        assertThat(text(By.id("reply-list"))).contains("Ana Ruiz · " + phone, "Is it still on?", gone);
        screenshot("replies-desktop");
        // on a phone, whose screen has no Received column, each reply still says when it came
        browser.manage().window().setSize(new Dimension(375, 812));
        assertThat(replyRow(question).getText()).containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ via sms");
        assertThat(browser.findElements(By.cssSelector("#reply-list th.wide"))).allMatch(th -> !th.isDisplayed());
        screenshot("replies-375");
        browser.manage().window().setSize(new Dimension(1280, 900));
        answerTheReply(replyRow(question), "Yes, he will wait at gate 4. No rush.");
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Answer sent as ntf_"));
        waiting.until(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(By.id("reply-list"),
                question)));
        await().atMost(Duration.ofSeconds(20)).until(() -> twilioRequests().stream()
                .map(r -> Forms.parse(r.getBodyAsString()))
                .anyMatch(form -> phone.equals(form.get("To"))
                        && "Yes, he will wait at gate 4. No rush.".equals(form.get("Body"))));

        // answered, it is with the others answered, and in the number's lookup, under what it answers
        new Select(browser.findElement(By.id("f-reply-show"))).selectByValue("answered");
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("reply-list"), question));
        browser.get(url("/ops/#/notifications?q=" + URLEncoder.encode(phone, StandardCharsets.UTF_8)));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("inbound"),
                "Yes, he will wait at gate 4. No rush."));
        assertThat(text(By.id("inbound"))).contains(question, "sent", "ops, ");
        screenshot("answer-desktop");

        // the number says STOP while the answer is typed: the hub's refusal is shown, the text stays, nothing goes
        browser.get(url("/ops/#/notifications?q=" + URLEncoder.encode(gone, StandardCharsets.UTF_8)));
        WebElement texts = waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("inbound")));
        waiting.until(ExpectedConditions.elementToBeClickable(texts.findElement(By.className("answer-open")))).click();
        texts.findElement(By.className("answer-text")).sendKeys("It is, see you at 9.");
        assertThat(textFrom(gone, "STOP").statusCode()).isEqualTo(200);
        texts.findElement(By.cssSelector(".answer-form button[type=submit]")).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), gone
                + " is opted out on sms since "));
        assertThat(texts.findElement(By.className("answer-text")).getAttribute("value"))
                .isEqualTo("It is, see you at 9.");
        assertThat(sentTo(gone)).isZero();
        // looked at again, the reply says why it cannot be answered instead of offering a box
        browser.navigate().refresh();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("inbound"),
                "Cannot be answered by sms: " + gone + " is opted out on sms since "));
        assertThat(browser.findElements(By.className("answer-open"))).isEmpty();
    }

    @Test
    void aReplySettledWithoutATextIsMarkedHandledWithANoteAndCanBeReopened() {
        String phone = uniquePhone();
        String thanks = "Thanks, see you Saturday! " + UUID.randomUUID().toString().substring(0, 6);
        WebElement row = waitingReply(phone, thanks);

        waiting.until(ExpectedConditions.elementToBeClickable(row.findElement(By.className("handled-open")))).click();
        row.findElement(By.className("handled-note")).sendKeys("No answer needed");
        row.findElement(By.cssSelector(".handled-form button[type=submit]")).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "marked handled"));
        waiting.until(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(By.id("reply-list"),
                thanks)));
        assertThat(sentTo(phone)).isZero();

        // with the others handled, saying by whom and why; reopened, it waits again
        new Select(browser.findElement(By.id("f-reply-show"))).selectByValue("handled");
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("reply-list"), thanks));
        assertThat(replyRow(thanks).getText()).contains("✓ handled by ops, ", ": No answer needed");
        replyRow(thanks).findElement(By.className("handled-reopen")).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "waits again"));
        new Select(browser.findElement(By.id("f-reply-show"))).selectByValue("waiting");
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("reply-list"), thanks));
        assertThat(json(get("/api/v1/inbound-messages?handled=true&from=%2B" + phone.substring(1), "Authorization",
                OPS).body()).get("total").asInt()).isZero();
    }

    @Test
    void aWhatsAppReplyWhoseDayIsGoneIsAnsweredBySms() {
        twilioAccepts();
        String phone = uniquePhone();
        assertThat(textFrom("whatsapp:" + phone, "Do you have a coach for 40 people on Saturday?").statusCode())
                .isEqualTo(200);
        jdbc.sql("UPDATE whatsapp_windows SET last_inbound_at = now() - interval '25 hours' WHERE phone = ?")
                .param(phone).update();
        signIn("ops", "ops-password");

        browser.get(url("/ops/#/notifications?q=" + URLEncoder.encode(phone, StandardCharsets.UTF_8)));
        WebElement texts = waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("inbound")));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("inbound"),
                "Cannot be answered by whatsapp: WhatsApp allows free text only within 24 hours"));
        WebElement open = texts.findElement(By.className("answer-open"));
        assertThat(open.getText()).isEqualTo("Answer by SMS");
        answerTheReply(texts, "We do. A quote follows by email today.");
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Answer sent as ntf_"));
        await().atMost(Duration.ofSeconds(20)).until(() -> twilioRequests().stream()
                .map(r -> Forms.parse(r.getBodyAsString()))
                .anyMatch(form -> phone.equals(form.get("To"))
                        && "We do. A quote follows by email today.".equals(form.get("Body"))));
    }

    @Test
    void anAnswerSentAgainAfterTheHubsReplyWasLostTextsThePersonOnce() {
        twilioAccepts();
        String phone = uniquePhone();
        String question = "Is there a toilet on the coach? " + UUID.randomUUID().toString().substring(0, 6);
        WebElement row = waitingReply(phone, question);
        // the hub takes the first Send, but its reply never reaches the browser, as on a connection that drops
        ((JavascriptExecutor) browser).executeScript("""
                var real = window.fetch, lost = false;
                window.fetch = function (url) {
                  var sent = real.apply(this, arguments);
                  if (lost || String(url).indexOf('/answer') < 0) return sent;
                  lost = true;
                  return sent.then(function () { throw new TypeError('Failed to fetch'); });
                };
                """);

        answerTheReply(row, "Yes, at the back.");
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"),
                "No answer from the hub (Failed to fetch): sending it again is safe"));
        row.findElement(By.cssSelector(".answer-form button[type=submit]")).click();

        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Answer sent as ntf_"));
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(phone) == 1);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM inbound_answers a JOIN inbound_messages m ON m.id = a.inbound_message_id
                WHERE m.body = ?
                """).param(question).query(Long.class).single()).as("answers to the question").isEqualTo(1);
        assertThat(twilioRequests().stream().map(r -> Forms.parse(r.getBodyAsString()))
                .filter(form -> phone.equals(form.get("To")))).singleElement()
                .satisfies(form -> assertThat(form.get("Body")).isEqualTo("Yes, at the back."));
    }

    /** What {@code phone} texted us, as ops find it in the Replies list. */
    private WebElement waitingReply(String phone, String text) {
        assertThat(textFrom(phone, text).statusCode()).isEqualTo(200);
        signIn("ops", "ops-password");
        browser.get(url("/ops/#/replies"));
        return replyRow(text);
    }

    private WebElement replyRow(String text) {
        return waiting.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//div[@id='reply-list']//tr[contains(., '" + text + "')]")));
    }

    private void answerTheReply(WebElement where, String text) {
        waiting.until(ExpectedConditions.elementToBeClickable(where.findElement(By.className("answer-open"))))
                .click();
        WebElement box = where.findElement(By.className("answer-text"));
        waiting.until(ExpectedConditions.visibilityOf(box));
        box.sendKeys(text);
        where.findElement(By.cssSelector(".answer-form button[type=submit]")).click();
    }

    @Test
    void aPersonWhoGuessesWrongFiveTimesIsToldHowLongToWaitAndOthersSignInAsBefore() {
        browser.get(url("/ops/"));
        for (int i = 0; i < 6; i++) {
            waiting.until(ExpectedConditions.urlContains("/ops/login"));
            loginForm("eve", "guess-" + i);
            waiting.until(ExpectedConditions.urlMatches(i < 5 ? "/ops/login\\?error$" : "/ops/login\\?locked="));
        }

        assertThat(text(By.id("login-locked"))).isEqualTo("Too many failed sign-ins. Try again in about 1 minute.");
        assertThat(browser.findElement(By.id("login-error")).isDisplayed()).isFalse();
        signIn("ops", "ops-password");
    }

    @Test
    void opsGiveALeadNoAgentCouldTakeToAnAgentFromTheOverviewAndAnAnalystCannot() throws Exception {
        String admin = "Basic " + Base64.getEncoder().encodeToString("admin:admin-password".getBytes());
        String agent = "nia-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(post("/api/v1/assignment-rules", "application/json", """
                {"agent_id":"%s","agent_name":"Nia Brooks","agent_email":"%s@coachway.example","weight":1,
                 "max_leads_per_day":1,"is_active":true}""".formatted(agent, agent), "Authorization", admin)
                .statusCode()).isEqualTo(201);
        // the only agent takes the first lead and is then at today's cap: the second waits
        String taken = lead("Ann", "+16175550181");
        String waits = lead("Priya", "+16175550182");
        assertThat(json(get("/api/v1/leads/" + taken, "Authorization", OPS).body()).path("assigned_agent_id")
                .asText()).isEqualTo(agent);
        assertThat(json(get("/api/v1/leads/" + waits, "Authorization", OPS).body()).has("assigned_agent_id"))
                .isFalse();
        signIn("ops", "ops-password");

        // the overview's card leads to what waits
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("leads-card"), "1"));
        browser.findElement(By.id("leads-card")).click();
        By row = By.cssSelector("tr[data-id='" + waits + "']");
        waiting.until(ExpectedConditions.visibilityOfElementLocated(row));
        assertThat(browser.findElement(row).getText()).contains("Priya Shah", "30 passengers", "waiting");
        assertThat(browser.findElements(By.cssSelector("tr[data-id='" + taken + "']"))).isEmpty();
        browser.manage().window().setSize(new Dimension(375, 800));
        waiting.until(ExpectedConditions.visibilityOfElementLocated(row));
        Boolean fits = (Boolean) ((JavascriptExecutor) browser).executeScript("""
                var list = document.querySelector('#lead-list .table-wrap');
                return document.documentElement.scrollWidth <= 375 && list.scrollWidth <= list.clientWidth;""");
        assertThat(fits).as("the leads fit a 375 px phone without scrolling sideways").isTrue();
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.findElement(row).click();

        // ops give it to the agent, who is told as at intake
        waiting.until(ExpectedConditions.elementToBeClickable(By.id("give-lead")));
        assertThat(text(By.id("lead-agent"))).contains("Nia Brooks (1 of 1 today)");
        browser.findElement(By.id("give-lead")).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"),
                "Lead " + waits + " given to Nia Brooks, who is told now."));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("lead"),
                "assigned by hand to Nia Brooks (" + agent + ")"));
        assertThat(text(By.id("lead"))).contains("Nia Brooks (" + agent + ") since");
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("lead-notifications"),
                "lead_assigned"));
        assertThat(text(By.id("lead-notifications"))).contains("Nia Brooks · " + agent + "@coachway.example");
        assertThat(json(get("/api/v1/leads/" + waits, "Authorization", OPS).body()).path("assigned_agent_id")
                .asText()).isEqualTo(agent);
        assertThat(jdbc
                .sql("""
                        SELECT count(*) FROM notifications WHERE template = 'lead_assigned' AND email = ? AND origin_key LIKE ?""")
                .param(agent + "@coachway.example")
                .param("lead:" + waits + ":%")
                .query(Long.class)
                .single()).isEqualTo(1);
        // with nobody else to give it to, the page says how to get somebody
        assertThat(text(By.id("no-agent"))).contains("No other agent takes leads now");
        screenshot("lead-given");

        // a customer on the phone is found by their number as they say it
        browser.get(url("/ops/#/leads"));
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-id='" + waits + "']")));
        browser.findElement(By.id("f-lead-customer")).sendKeys("(617) 555-0181");
        browser.findElement(By.cssSelector("#lead-filters button[type='submit']")).click();
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-id='" + taken + "']")));
        assertThat(browser.findElements(By.cssSelector("#lead-list tbody tr"))).extracting(WebElement::getText)
                .singleElement().asString().contains("Ann Shah");
        assertThat(browser.getCurrentUrl()).contains("customer=");
        // and from a lead, its customer's number leads to what we sent them and they wrote us, beside their leads
        browser.get(url("/ops/#/leads/" + waits));
        waiting.until(ExpectedConditions.elementToBeClickable(By.id("lead-phone"))).click();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("customer-leads"), "Priya Shah"));
        assertThat(browser.getCurrentUrl()).endsWith("/ops/#/notifications?q="
                + URLEncoder.encode("+16175550182", StandardCharsets.UTF_8));
        assertThat(text(By.id("customer-leads"))).contains("new", agent).doesNotContain("Ann Shah");

        // with a second agent taking leads, an analyst reads the lead and may not move it
        assertThat(post("/api/v1/assignment-rules", "application/json", """
                {"agent_id":"omar-%s","agent_name":"Omar Diaz","agent_email":"omar-%s@coachway.example","weight":1,
                 "max_leads_per_day":5,"is_active":true}""".formatted(agent, agent), "Authorization", admin)
                .statusCode()).isEqualTo(201);
        browser.findElement(By.cssSelector("#logout button")).click();
        waiting.until(ExpectedConditions.urlContains("/ops/login"));
        // a link to the lead's page (as an alert carries) leads there through the sign-in
        browser.get(url("/ops/#/leads/" + taken));
        waiting.until(ExpectedConditions.urlContains("/ops/login"));
        loginForm("analyst", "analyst-password");
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("give-lead")));
        assertThat(browser.getCurrentUrl()).endsWith("/ops/#/leads/" + taken);
        assertThat(text(By.id("lead"))).contains("Ann Shah", "assigned to Nia Brooks (" + agent + ")");
        assertThat(text(By.id("lead-agent"))).contains("Omar Diaz (0 of 5 today)");
        assertThat(browser.findElement(By.id("give-lead")).isEnabled()).isFalse();
    }

    private String lead(String firstName, String phone) {
        HttpResponse<String> created = post("/api/v1/leads", "application/json", """
                {"first_name":"%s","last_name":"Shah","phone":"%s","source":"phone","estimated_passengers":30,
                 "pickup_location":"Cambridge, MA","dropoff_location":"Stowe, VT"}""".formatted(firstName, phone),
                "Authorization", OPS);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body()).path("id").asText();
    }

    private void signIn(String user, String password) {
        browser.get(url("/ops/"));
        waiting.until(ExpectedConditions.urlContains("/ops/login"));
        loginForm(user, password);
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), user));
    }

    /**
     * Fills the sign-in form and sends it. The address bar shows the login page before its document has replaced the
     * last one, so a field found then can go stale: the whole form is filled again from a fresh page.
     */
    private void loginForm(String user, String password) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
                .until(page -> {
                    WebElement name = page.findElement(By.id("username"));
                    name.clear();
                    name.sendKeys(user);
                    WebElement secret = page.findElement(By.id("password"));
                    secret.clear();
                    secret.sendKeys(password);
                    page.findElement(By.id("login-submit")).click();
                    return true;
                });
    }

    /** Replaces the editor's text as a person's typing would, input event included. */
    private void edit(WebElement editor, String text) {
        ((JavascriptExecutor) browser).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", editor, text);
    }

    private void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve("console-" + name + ".png"), png);
    }

    /** An SMS Twilio never takes at {@code phone}: 30003 (unreachable handset) on every try, so it ends parked. */
    private String parkSms(String phone, String marker) {
        PROVIDERS.stubFor(twilio().withRequestBody(containing("To=" + URLEncoder.encode(phone, StandardCharsets.UTF_8)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(twilioError(30003, "Unreachable destination handset (" + marker + ")"))));
        return notify(request("recovery_contact", "[\"sms\"]", "{\"name\":\"Dave\",\"phone\":\"" + phone + "\"}",
                "{\"charter_id\":9,\"attempts\":1,\"recovery_id\":\"R-1\",\"dispatch_phone\":\"+1 555 555 0100\"}"));
    }

    /** The dead letter of a notification, whatever its status, once the drain has stored it. */
    private JsonNode letterOf(String notificationId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode item : json(get("/ops/api/dead-letters?queue=q.deliver.sms&status=&size=200",
                    "Authorization", OPS).body()).get("items")) {
                if (notificationId.equals(item.path("headers").path("hub_notification_id").asText())) {
                    return item;
                }
            }
            return null;
        }, item -> item != null);
    }
}
