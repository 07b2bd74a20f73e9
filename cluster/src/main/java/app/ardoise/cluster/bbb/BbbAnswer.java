package app.ardoise.cluster.bbb;

/** What a call answers: BigBlueButton's XML, or a join's redirect into the classroom. */
sealed interface BbbAnswer {

    record Xml(String body) implements BbbAnswer {}

    record Redirect(String location) implements BbbAnswer {}

    static BbbAnswer failed(String messageKey, String message) {
        return new Xml(BbbXml.failed(messageKey, message));
    }

    static BbbAnswer missingMeetingId() {
        return failed("missingParamMeetingID", "You must specify a meeting ID for the meeting.");
    }

    static BbbAnswer notFound() {
        return failed("notFound", "We could not find a meeting with that meeting ID");
    }
}
