package app.ardoise.cluster.http;

import app.ardoise.cluster.contract.PollReport;
import app.ardoise.protocol.v1.Poll;
import app.ardoise.protocol.v1.PollKind;
import app.ardoise.protocol.v1.PollResponse;
import app.ardoise.protocol.v1.PollTally;
import app.ardoise.protocol.v1.ShortAnswerCount;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One poll's results as CSV (RFC 4180, CRLF): one row per participant, who and what, for a poll that is not
 * anonymous; one row per option or typed answer, with its count, for an anonymous one. The column "correct" is
 * filled for a quiz only. A cell a spreadsheet would read as a formula is quoted with a leading apostrophe, since
 * answers are typed by students.
 */
final class PollCsv {
    private PollCsv() {}

    static String render(PollReport report) {
        Poll poll = report.poll();
        PollTally tally = report.tally();
        boolean quiz = poll.getCorrectCount() > 0 || !poll.getCorrectText().isEmpty();
        StringBuilder csv = new StringBuilder();
        if (!poll.getAnonymous()) {
            row(csv, "participant", "answer", "correct");
            for (PollResponse response : tally.getResponsesList()) {
                row(csv, response.getName(), answer(poll, response), quiz ? yesNo(isCorrect(poll, response)) : "");
            }
        } else if (poll.getKind() == PollKind.POLL_KIND_SHORT_ANSWER) {
            row(csv, "answer", "count", "correct");
            for (ShortAnswerCount text : tally.getShortAnswersList()) {
                row(csv, text.getText(), Integer.toString(text.getCount()),
                        quiz ? yesNo(normal(text.getText()).equals(normal(poll.getCorrectText()))) : "");
            }
        } else {
            row(csv, "option", "count", "correct");
            for (int i = 0; i < poll.getOptionsCount(); i++) {
                row(csv, poll.getOptions(i), Integer.toString(tally.getCounts(i)), quiz ? yesNo(poll.getCorrectList().contains(i)) : "");
            }
        }
        return csv.toString();
    }

    private static String answer(Poll poll, PollResponse response) {
        if (poll.getKind() == PollKind.POLL_KIND_SHORT_ANSWER) {
            return response.getText();
        }
        return response.getChoicesList().stream().map(poll::getOptions).collect(Collectors.joining(" + "));
    }

    private static boolean isCorrect(Poll poll, PollResponse response) {
        if (poll.getKind() == PollKind.POLL_KIND_SHORT_ANSWER) {
            return normal(response.getText()).equals(normal(poll.getCorrectText()));
        }
        return new HashSet<>(response.getChoicesList()).equals(new HashSet<>(poll.getCorrectList()));
    }

    /** As the room compares short answers. */
    private static String normal(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static String yesNo(boolean yes) {
        return yes ? "yes" : "no";
    }

    private static void row(StringBuilder csv, String... cells) {
        csv.append(List.of(cells).stream().map(PollCsv::cell).collect(Collectors.joining(","))).append("\r\n");
    }

    static String cell(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
