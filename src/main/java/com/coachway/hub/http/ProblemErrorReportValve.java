package com.coachway.hub.http;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's own error page, for requests refused before they reach the hub (an encoded NUL or slash in the URL, a
 * broken request line): problem+json instead of an HTML page that names the server. Public: Tomcat makes it from its
 * class name.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || response.isCommitted()) {
            return;
        }
        ProblemDetail problem = ProblemErrorController.problem(status);
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"" + problem.getType() + "\",\"title\":\"" + problem.getTitle()
                        + "\",\"status\":" + status + ",\"detail\":\"" + problem.getDetail() + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body: nothing more to do
        }
    }
}
