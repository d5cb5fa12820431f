package com.coachway.hub.http;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

import com.coachway.hub.problem.Problems;

/**
 * Whatever ends on the servlet container's error page (a URL the firewall refuses, a {@code sendError} anywhere)
 * answers in problem+json like every other error of the hub, and says nothing about the hub's insides.
 */
@Controller
class ProblemErrorController implements ErrorController {

    private final ProblemReplies problems;

    ProblemErrorController(ProblemReplies problems) {
        this.problems = problems;
    }

    @RequestMapping("/error")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // asked for directly, /error is just a path with nothing on it
        int status = code == null ? 404 : code instanceof Integer number && number >= 400 ? number : 500;
        problems.of(problem(status)).writeTo(response);
    }

    static ProblemDetail problem(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = switch (status) {
            case 400 -> "The request's URL or headers are malformed.";
            case 404 -> "Nothing is here.";
            case 405 -> "This method is not allowed here.";
            default -> status >= 500 ? "The request failed unexpectedly; it was not accepted." : title + ".";
        };
        String slug = status >= 500 ? "internal-error" : title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        return Problems.of(status, slug, title, detail);
    }
}
