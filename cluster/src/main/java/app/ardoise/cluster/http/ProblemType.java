package app.ardoise.cluster.http;

import java.util.Arrays;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * Every kind of refusal the API gives, one RFC 9457 problem type each: the code a client acts on, its status and a
 * title that stays the same for every occurrence. The OpenAPI document lists the same codes, which its test checks.
 */
enum ProblemType {
    BAD_REQUEST("bad_request", StatusCodes.BAD_REQUEST, "The request is malformed"),
    INVALID_TITLE("invalid_title", StatusCodes.BAD_REQUEST, "The title is empty or too long"),
    INVALID_MAX_PARTICIPANTS("invalid_max_participants", StatusCodes.BAD_REQUEST, "The class's limit is not a number of students up to the deployment's"),
    INVALID_RETENTION("invalid_retention", StatusCodes.BAD_REQUEST, "The retention is not a duration up to the deployment's"),
    INVALID_ACTION("invalid_action", StatusCodes.BAD_REQUEST, "The body is not one action of RoomAction"),
    WEBSOCKET_EXPECTED("websocket_expected", StatusCodes.BAD_REQUEST, "This route takes a WebSocket upgrade only"),
    SIGN_IN_REFUSED("sign_in_refused", StatusCodes.BAD_REQUEST, "The sign-in provider did not sign you in"),
    SIGN_IN_STATE("sign_in_state", StatusCodes.BAD_REQUEST, "This sign-in was not started here or has expired"),
    PROVIDER_UNREACHABLE("provider_unreachable", StatusCodes.BAD_GATEWAY, "The sign-in provider does not answer"),
    BAD_NAME("bad_name", StatusCodes.BAD_REQUEST, "A name of 1 to 100 characters is required"),
    EMPTY("empty", StatusCodes.BAD_REQUEST, "The body must be the file to show"),
    API_KEY_REQUIRED("api_key_required", StatusCodes.UNAUTHORIZED, "The operator's API key is required"),
    NOT_SIGNED_IN("not_signed_in", StatusCodes.UNAUTHORIZED, "Sign in first"),
    INVALID_LINK("invalid_link", StatusCodes.UNAUTHORIZED, "This is not a valid class link"),
    EXPIRED_LINK("expired_link", StatusCodes.UNAUTHORIZED, "This link has expired"),
    CSRF("csrf", StatusCodes.FORBIDDEN, "The session's CSRF token is missing or wrong"),
    CROSS_ORIGIN("cross_origin", StatusCodes.FORBIDDEN, "This request comes from another site"),
    FORBIDDEN("forbidden", StatusCodes.FORBIDDEN, "Only the class's teachers may do this"),
    NOT_OWNER("not_owner", StatusCodes.FORBIDDEN, "This class is not one of yours"),
    WRONG_CLASS("wrong_class", StatusCodes.FORBIDDEN, "This link is for another class"),
    NOT_FOUND("not_found", StatusCodes.NOT_FOUND, "There is nothing at this address"),
    UNKNOWN_CLASS("unknown_class", StatusCodes.NOT_FOUND, "No such class"),
    UNKNOWN_DOCUMENT("unknown_document", StatusCodes.NOT_FOUND, "No such document in this class"),
    UNKNOWN_BLOB("unknown_blob", StatusCodes.NOT_FOUND, "No such file in this class"),
    UNKNOWN_RECORDING("unknown_recording", StatusCodes.NOT_FOUND, "No such recording in this class"),
    UNKNOWN_POLL("unknown_poll", StatusCodes.NOT_FOUND, "No such poll in this class"),
    UNKNOWN_LINK("unknown_link", StatusCodes.NOT_FOUND, "A class's links are \"teacher\" and \"student\""),
    BOARD_TOO_LARGE("board_too_large", StatusCodes.UNPROCESSABLE_CONTENT, "The board is more than its export takes, in time or in pictures"),
    METHOD_NOT_ALLOWED("method_not_allowed", StatusCodes.METHOD_NOT_ALLOWED, "This address does not take this method"),
    ACTION_REFUSED("action_refused", StatusCodes.CONFLICT, "The class's rules refused this action"),
    LINK_REVOKED("link_revoked", StatusCodes.GONE, "This link has been replaced"),
    BODY_TOO_LARGE("body_too_large", StatusCodes.CONTENT_TOO_LARGE, "The request's body is too large"),
    TOO_MANY_REQUESTS("too_many_requests", StatusCodes.TOO_MANY_REQUESTS, "Too many requests: retry later"),
    INTERNAL("internal", StatusCodes.INTERNAL_SERVER_ERROR, "The node failed to answer: the operator's log says why"),
    BUSY("busy", StatusCodes.SERVICE_UNAVAILABLE, "The server is busy with other documents: try again in a minute"),
    CLASS_UNAVAILABLE("class_unavailable", StatusCodes.SERVICE_UNAVAILABLE, "The class cannot be reached at the moment");

    static final String TYPE_PREFIX = "/api/v1/problems/";

    final String code;
    final StatusCode status;
    final String title;

    ProblemType(String code, StatusCode status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    /** Relative, so resolved against the node that answered, which serves each type's description there. */
    String uri() {
        return TYPE_PREFIX + code;
    }

    static Optional<ProblemType> ofCode(String code) {
        return Arrays.stream(values()).filter(type -> type.code.equals(code)).findFirst();
    }

    /**
     * The type pekko's own rejection of this status stands for: an address no route takes, a method it does not,
     * a body over the size limit, a malformed request, or a failure.
     */
    static ProblemType ofStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 413 -> BODY_TOO_LARGE;
            default -> status >= 500 ? INTERNAL : BAD_REQUEST;
        };
    }
}
