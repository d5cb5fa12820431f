package com.coachway.hub.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PhoneFilterTest {

    private final TemplateRenderer renderer = new TemplateRenderer(ZoneOffset.UTC);

    private String text(String phone) {
        return render("Call {{ p | phone }}", Map.of("p", phone));
    }

    private String render(String body, Map<String, Object> data) {
        TemplateContent content = new TemplateContent(new TemplateContent.Sms(body), null, null, null);
        return renderer.render(content, "sms", null, data, Locale.US).text();
    }

    @Test
    void aNumberReadsAsPeopleDialItWithItsCountrysGrouping() {
        assertThat(text("+15555550422")).isEqualTo("Call +1 555-555-0422");
        assertThat(text("+1 (555) 555-0188")).isEqualTo("Call +1 555-555-0188");
        assertThat(text("+442079460958")).isEqualTo("Call +44 20 7946 0958");
        assertThat(text("+34912345678")).isEqualTo("Call +34 912 34 56 78");
    }

    @Test
    void whatItCannotPlaceIsShownAsGiven() {
        // without a country code only the writer knows the country; the others are no numbers at all
        assertThat(text("(555) 555-0188")).isEqualTo("Call (555) 555-0188");
        assertThat(text("+999123")).isEqualTo("Call +999123");
        assertThat(text("+1 2")).isEqualTo("Call +1 2");
        assertThat(text("ask the front desk")).isEqualTo("Call ask the front desk");
        // as the lead notices print a lead that came without a phone
        assertThat(render("Phone: {{ lead.phone | phone | default('-') }}", Map.of("lead", Map.of()))).isEqualTo(
                "Phone: -");
    }
}
