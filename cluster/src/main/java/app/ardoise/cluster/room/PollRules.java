package app.ardoise.cluster.room;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.Limits;
import app.ardoise.protocol.v1.AnswerPoll;
import app.ardoise.protocol.v1.OpenPoll;
import app.ardoise.protocol.v1.Poll;
import app.ardoise.protocol.v1.PollAnswered;
import app.ardoise.protocol.v1.PollEnded;
import app.ardoise.protocol.v1.PollKind;
import app.ardoise.protocol.v1.PollOpened;
import app.ardoise.protocol.v1.PollResponse;
import app.ardoise.protocol.v1.PollResultsPublished;
import app.ardoise.protocol.v1.RoomEvent;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Polls and quizzes: teachers open, end and publish them; students answer, once each, and may change their answer
 * until the poll ends. One poll is open at a time, so a student's screen never holds two questions.
 */
final class PollRules {
    private static final List<String> LETTERS = List.of("A", "B", "C", "D", "E", "F");
    private static final List<String> NUMBERS = List.of("1", "2", "3", "4", "5", "6");

    private PollRules() {}

    static Decision open(RoomState state, Member sender, OpenPoll open) {
        if (!sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher opens a poll");
        }
        if (state.openPoll().isPresent()) {
            return new Decision.Reject(ErrorCode.POLL_OPEN, "end the open poll first");
        }
        String question = open.getQuestion().strip();
        if (question.isEmpty()) {
            return new Decision.Reject(ErrorCode.INVALID, "a poll needs a question");
        }
        if (question.length() > Limits.MAX_POLL_QUESTION_CHARS) {
            return new Decision.Reject(ErrorCode.TOO_LARGE,
                    "a poll's question holds at most " + Limits.MAX_POLL_QUESTION_CHARS + " characters");
        }
        var options = options(open);
        if (options instanceof Options.Refused refused) {
            return refused.reject();
        }
        List<String> labels = ((Options.Labels) options).labels();
        boolean shortAnswer = open.getKind() == PollKind.POLL_KIND_SHORT_ANSWER;
        if (shortAnswer && (open.getMultiple() || open.getCorrectCount() > 0)) {
            return new Decision.Reject(ErrorCode.INVALID, "a short answer has no options to choose");
        }
        if (!shortAnswer && !open.getCorrectText().isEmpty()) {
            return new Decision.Reject(ErrorCode.INVALID, "a correct text is for short answers only");
        }
        if (open.getCorrectText().length() > Limits.MAX_SHORT_ANSWER_CHARS) {
            return new Decision.Reject(ErrorCode.TOO_LARGE,
                    "a short answer holds at most " + Limits.MAX_SHORT_ANSWER_CHARS + " characters");
        }
        TreeSet<Integer> correct = new TreeSet<>(open.getCorrectList());
        if (correct.stream().anyMatch(index -> !names(labels.size(), index))) {
            return new Decision.Reject(ErrorCode.INVALID, "a correct answer names no option");
        }
        if (correct.size() > 1 && !open.getMultiple()) {
            return new Decision.Reject(ErrorCode.INVALID, "several correct options need several answers allowed");
        }
        // The journal's seq only grows, and a poll is opened after the state has folded the last one: unique.
        Poll poll = Poll.newBuilder().setId("p" + (state.lastSeq() + 1)).setQuestion(question).setKind(open.getKind())
                .addAllOptions(labels).setAnonymous(open.getAnonymous()).setMultiple(open.getMultiple())
                .addAllCorrect(correct).setCorrectText(open.getCorrectText().strip()).build();
        return new Decision.Accept(RoomEvent.newBuilder().setPollOpened(PollOpened.newBuilder().setPoll(poll)));
    }

    private sealed interface Options {
        record Labels(List<String> labels) implements Options {}

        record Refused(Decision.Reject reject) implements Options {}
    }

    private static Options options(OpenPoll open) {
        PollKind kind = open.getKind();
        if (kind != PollKind.POLL_KIND_CUSTOM && open.getOptionsCount() > 0) {
            return refused(ErrorCode.INVALID, "only a custom poll has options of its own");
        }
        if (kind != PollKind.POLL_KIND_LETTERS && kind != PollKind.POLL_KIND_NUMBERS && open.getOptionCount() > 0) {
            return refused(ErrorCode.INVALID, "only letters and numbers take a count of options");
        }
        return switch (kind) {
            case POLL_KIND_YES_NO -> new Options.Labels(List.of("yes", "no"));
            case POLL_KIND_YES_NO_ABSTAIN -> new Options.Labels(List.of("yes", "no", "abstain"));
            case POLL_KIND_TRUE_FALSE -> new Options.Labels(List.of("true", "false"));
            case POLL_KIND_LETTERS -> counted(LETTERS, open.getOptionCount(), 4);
            case POLL_KIND_NUMBERS -> counted(NUMBERS, open.getOptionCount(), 6);
            case POLL_KIND_SHORT_ANSWER -> new Options.Labels(List.of());
            case POLL_KIND_CUSTOM -> custom(open.getOptionsList());
            case POLL_KIND_UNSPECIFIED, UNRECOGNIZED -> refused(ErrorCode.INVALID, "unknown poll kind " + open.getKindValue());
        };
    }

    private static Options counted(List<String> all, int count, int unset) {
        int wanted = count == 0 ? unset : count;
        if (wanted < 2 || wanted > all.size()) {
            return refused(ErrorCode.INVALID, "between 2 and " + all.size() + " options");
        }
        return new Options.Labels(all.subList(0, wanted));
    }

    private static Options custom(List<String> given) {
        if (given.size() > Limits.MAX_POLL_OPTIONS) {
            return refused(ErrorCode.TOO_LARGE, "a poll has at most " + Limits.MAX_POLL_OPTIONS + " options");
        }
        if (given.size() < 2) {
            return refused(ErrorCode.INVALID, "a custom poll needs at least 2 options");
        }
        List<String> labels = given.stream().map(String::strip).toList();
        if (labels.stream().anyMatch(String::isEmpty)) {
            return refused(ErrorCode.INVALID, "an option needs some text");
        }
        if (labels.stream().anyMatch(label -> label.length() > Limits.MAX_POLL_OPTION_CHARS)) {
            return refused(ErrorCode.TOO_LARGE, "an option holds at most " + Limits.MAX_POLL_OPTION_CHARS + " characters");
        }
        return new Options.Labels(labels);
    }

    private static Options refused(String code, String message) {
        return new Options.Refused(new Decision.Reject(code, message));
    }

    static Decision answer(RoomState state, Member sender, AnswerPoll answer) {
        if (sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.INVALID, "teachers ask; students answer");
        }
        Optional<PollRecord> found = state.poll(answer.getPollId());
        if (found.isEmpty()) {
            return new Decision.Reject(ErrorCode.NO_SUCH_POLL, "no such poll");
        }
        PollRecord record = found.get();
        if (record.ended()) {
            return new Decision.Reject(ErrorCode.POLL_ENDED, "this poll has ended");
        }
        Poll poll = record.poll();
        PollAnswered.Builder answered = PollAnswered.newBuilder().setPollId(poll.getId());
        if (poll.getKind() == PollKind.POLL_KIND_SHORT_ANSWER) {
            if (answer.getChoicesCount() > 0) {
                return new Decision.Reject(ErrorCode.WRONG_ANSWER_KIND, "this poll takes a typed answer, not options");
            }
            String text = answer.getText().strip();
            if (text.isEmpty()) {
                return new Decision.Reject(ErrorCode.INVALID, "an answer needs some text");
            }
            if (text.length() > Limits.MAX_SHORT_ANSWER_CHARS) {
                return new Decision.Reject(ErrorCode.TOO_LARGE,
                        "a short answer holds at most " + Limits.MAX_SHORT_ANSWER_CHARS + " characters");
            }
            answered.setText(text);
        } else {
            if (!answer.getText().isEmpty()) {
                return new Decision.Reject(ErrorCode.WRONG_ANSWER_KIND, "this poll takes options, not a typed answer");
            }
            TreeSet<Integer> choices = new TreeSet<>(answer.getChoicesList());
            if (choices.isEmpty()) {
                return new Decision.Reject(ErrorCode.INVALID, "choose an option");
            }
            if (choices.size() > 1 && !poll.getMultiple()) {
                return new Decision.Reject(ErrorCode.WRONG_ANSWER_KIND, "this poll takes one option");
            }
            var missing = choices.stream().filter(choice -> !names(poll.getOptionsCount(), choice)).findFirst();
            if (missing.isPresent()) {
                return new Decision.Reject(ErrorCode.WRONG_ANSWER_KIND,
                        "this poll has no option " + Integer.toUnsignedString(missing.get()));
            }
            answered.addAllChoices(choices);
        }
        PollResponse before = record.answerOf(sender.id());
        if (before != null && before.getChoicesList().equals(answered.getChoicesList())
                && before.getText().equals(answered.getText())) {
            return new Decision.Unchanged();
        }
        return new Decision.Accept(RoomEvent.newBuilder().setPollAnswered(answered));
    }

    /**
     * Whether {@code index}, a uint32 off the wire, names one of {@code count} options. Java reads a uint32 of 2^31
     * or more as a negative int, which a signed comparison would let through to index the options with.
     */
    static boolean names(int count, int index) {
        return Integer.toUnsignedLong(index) < count;
    }

    static Decision end(RoomState state, Member sender, String pollId) {
        if (!sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher ends a poll");
        }
        Optional<PollRecord> found = state.poll(pollId);
        if (found.isEmpty()) {
            return new Decision.Reject(ErrorCode.NO_SUCH_POLL, "no such poll");
        }
        if (found.get().ended()) {
            return new Decision.Unchanged();
        }
        return new Decision.Accept(RoomEvent.newBuilder().setPollEnded(PollEnded.newBuilder().setPollId(pollId)));
    }

    /** The tally goes into the event as it stands: what the class saw stays what it was, whatever follows. */
    static Decision publish(RoomState state, Member sender, String pollId) {
        if (!sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher publishes a poll's results");
        }
        Optional<PollRecord> found = state.poll(pollId);
        if (found.isEmpty()) {
            return new Decision.Reject(ErrorCode.NO_SUCH_POLL, "no such poll");
        }
        if (found.get().published()) {
            return new Decision.Unchanged();
        }
        return new Decision.Accept(RoomEvent.newBuilder().setPollPublished(PollResultsPublished.newBuilder()
                .setPoll(found.get().poll()).setTally(found.get().tally(false))));
    }
}
