package com.coachway.hub.templates;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailHtmlTest {

    @Test
    void whatAMailClientWouldStripOrRunIsNamed() {
        assertThat(EmailHtml.problem("<p>Hi</p><SCRIPT>alert(1)</SCRIPT>")).hasValue("must not hold <script>: mail "
                + "clients remove it, and spam filters count it against the message");
        assertThat(EmailHtml.problem("<p>Hi <a href=\"https://x.example\" OnClick=\"steal()\">here</a></p>"))
                .hasValue("must not hold the event handler onclick (on <a>): mail clients remove it, and spam "
                        + "filters count it against the message");
        assertThat(EmailHtml.problem("<img src=x onerror=alert(1)>")).get().asString().contains("onerror (on <img>)");
        for (String html : new String[]{"<iframe src=\"https://x.example\"></iframe>", "<object data=x></object>",
                "<embed src=x>", "<form action=\"https://x.example\"><input name=q></form>",
                "<base href=\"https://evil.example/\"><a href=\"q\">Quote</a>"}) {
            assertThat(EmailHtml.problem(html)).as(html).get().asString().startsWith("must not hold <");
        }
    }

    @Test
    void aLinkThatIsNotTheWebMailOrAPhoneIsNamed() {
        assertThat(EmailHtml.problem("<a href=\" java\tscript:alert(document.cookie)\">Open</a>"))
                .hasValue("must not link to 'java\tscript:alert(document.cookie)': only http(s), mailto and tel "
                        + "links reach a mailbox");
        assertThat(EmailHtml.problem("<table background=\"data:image/png;base64,AAAA\"><tr><td>x</td></tr></table>"))
                .get().asString().startsWith("must not link to 'data:image/png;base64,AAAA'");
        assertThat(EmailHtml.problem("<a href=\"javascript:" + "x".repeat(100) + "\">a</a>")).get().asString()
                .contains("'javascript:" + "x".repeat(49) + "…'");
    }

    @Test
    void anOrdinaryEmailPassesWithItsStylesImagesAndTemplateLogic() {
        String html = """
                <html><head><style>p { color: #333 }</style></head><body>
                <table role="presentation" style="width:100%"><tr><td>
                <img src="https://coachway.example/logo.png" alt="CoachWay" width="120">
                <p {% if one %}class="one"{% endif %}>Hi {{ recipient.name }},</p>
                <p><a href="{{ quote.url }}">See your quote</a> or call <a href="tel:+15555550100">us</a>,
                <a href="mailto:charters@coachway.example">write</a>, <a href="#top">top</a>.</p>
                </td></tr></table></body></html>""";
        assertThat(EmailHtml.problem(html)).isEmpty();
        assertThat(EmailHtml.templateProblems(html)).isEmpty();
        assertThat(EmailHtml.problem(null)).isEmpty();
    }

    @Test
    void aTemplateHearsOfEveryProblemOnceSoItIsFixedInOneGo() {
        assertThat(EmailHtml.templateProblems("<script>a()</script><p onclick=\"b()\">x</p><script>c()</script>"
                + "<a href=\"javascript:d()\">y</a>")).containsExactly(
                        "must not hold <script>: mail clients remove it, and spam filters count it against the message",
                        "must not hold the event handler onclick (on <p>): mail clients remove it, and spam filters "
                                + "count it against the message",
                        "must not link to 'javascript:d()': only http(s), mailto and tel links reach a mailbox");
    }

    @Test
    void aSchemeTheTemplateWritesIsLeftToEachSendWhichChecksWhatItRendered() {
        String template = "<a href=\"{{ scheme | default('https') }}:{{ rest }}\">Open</a>";
        assertThat(EmailHtml.templateProblems(template)).isEmpty();
        assertThat(EmailHtml.templateProblems("<a href=\"javascript:{{ code }}\">Open</a>")).hasSize(1);
        assertThat(EmailHtml.problem("<a href=\"javascript:alert(1)\">Open</a>")).isPresent();
    }
}
