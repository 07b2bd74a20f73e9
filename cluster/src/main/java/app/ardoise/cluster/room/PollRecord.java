package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.Poll;
import app.ardoise.protocol.v1.PollResponse;
import app.ardoise.protocol.v1.PollTally;
import app.ardoise.protocol.v1.PollView;
import app.ardoise.protocol.v1.ShortAnswerCount;
import app.ardoise.protocol.v1.StoredPoll;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One poll as the room keeps it, with every answer by its answerer: one answer each, which a later one
 * replaces. Who answered stays here and in the journal; only {@link #tally(boolean)} with names, for the
 * teachers of a poll that is not anonymous, lets it out.
 */
final class PollRecord {
    private final Poll poll;
    private boolean ended;
    private boolean published;
    private final Map<String, PollResponse> answers = new LinkedHashMap<>();

    PollRecord(Poll poll) {
        this.poll = poll;
    }

    static PollRecord fromStored(StoredPoll stored) {
        PollRecord record = new PollRecord(stored.getPoll());
        record.ended = stored.getEnded();
        record.published = stored.getPublished();
        stored.getAnswersList().forEach(answer -> record.answers.put(answer.getParticipantId(), answer));
        return record;
    }

    StoredPoll toStored() {
        return StoredPoll.newBuilder().setPoll(poll).setEnded(ended).setPublished(published)
                .addAllAnswers(answers.values()).build();
    }

    Poll poll() {
        return poll;
    }

    boolean ended() {
        return ended;
    }

    boolean published() {
        return published;
    }

    PollResponse answerOf(String participantId) {
        return answers.get(participantId);
    }

    void answered(PollResponse answer) {
        answers.put(answer.getParticipantId(), answer);
    }

    void end() {
        ended = true;
    }

    void publish() {
        ended = true;
        published = true;
    }

    /** @param named whether to list who answered what: teachers of a poll that is not anonymous */
    PollTally tally(boolean named) {
        int[] counts = new int[poll.getOptionsCount()];
        Map<String, Integer> texts = new LinkedHashMap<>();
        int correct = 0;
        PollTally.Builder tally = PollTally.newBuilder().setPollId(poll.getId()).setRespondents(answers.size());
        for (PollResponse answer : answers.values()) {
            answer.getChoicesList().forEach(choice -> counts[choice]++);
            if (poll.getOptionsCount() == 0) {
                texts.merge(normal(answer.getText()), 1, Integer::sum);
            }
            if (isCorrect(answer)) {
                correct++;
            }
            if (named && !poll.getAnonymous()) {
                tally.addResponses(answer);
            }
        }
        for (int count : counts) {
            tally.addCounts(count);
        }
        // In their common form, most given first, then by text: never in the order or the spelling given,
        // which would hint at who gave which.
        List<ShortAnswerCount> grouped = new ArrayList<>();
        texts.forEach((text, count) -> grouped.add(ShortAnswerCount.newBuilder().setText(text).setCount(count).build()));
        grouped.sort(Comparator.comparingInt(ShortAnswerCount::getCount).reversed().thenComparing(ShortAnswerCount::getText));
        return tally.addAllShortAnswers(grouped).setCorrectRespondents(correct).build();
    }

    boolean isQuiz() {
        return poll.getCorrectCount() > 0 || !poll.getCorrectText().isEmpty();
    }

    boolean isCorrect(PollResponse answer) {
        if (!isQuiz()) {
            return false;
        }
        if (poll.getOptionsCount() == 0) {
            return normal(answer.getText()).equals(normal(poll.getCorrectText()));
        }
        return new HashSet<>(answer.getChoicesList()).equals(new HashSet<>(poll.getCorrectList()));
    }

    /** As a short answer is compared: trimmed, spacing collapsed, case ignored. */
    static String normal(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** The poll as {@code viewer} sees it: a student sees no correct answer and no tally until published. */
    PollView viewFor(String viewerId, boolean teaches) {
        PollView.Builder view = PollView.newBuilder().setEnded(ended).setPublished(published);
        view.setPoll(teaches || published ? poll : withoutKey(poll));
        if (teaches) {
            view.setTally(tally(true));
        } else if (published) {
            view.setTally(tally(false));
        }
        PollResponse own = answers.get(viewerId);
        if (own != null) {
            view.setAnswered(true).addAllMyChoices(own.getChoicesList()).setMyText(own.getText());
        }
        return view.build();
    }

    static Poll withoutKey(Poll poll) {
        return poll.toBuilder().clearCorrect().clearCorrectText().build();
    }
}
