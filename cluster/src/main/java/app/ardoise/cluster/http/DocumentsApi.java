package app.ardoise.cluster.http;

import app.ardoise.cluster.blobs.Blob;
import app.ardoise.cluster.blobs.BlobHash;
import app.ardoise.cluster.documents.Documents;
import app.ardoise.cluster.documents.StoredDocument;
import app.ardoise.cluster.documents.Upload;
import app.ardoise.protocol.v1.DocumentPage;
import app.ardoise.protocol.v1.DocumentResponse;
import app.ardoise.protocol.v1.DocumentsResponse;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * A class's documents and their blobs ({@code /api/v1/rooms/{id}/documents}, {@code /api/v1/rooms/{id}/blobs/{hash}}).
 * A teacher uploads (the body is the file itself); every participant lists the documents and reads their blobs;
 * a student who uploads is refused 403 forbidden. Blobs never change (their name is their SHA-256), so a browser
 * keeps them for a year without asking again; privately, since each is the class's own.
 */
final class DocumentsApi extends AllDirectives {
    private static final int MAX_NAME = 200;
    private static final String CACHE_FOREVER = "private, max-age=31536000, immutable";

    private final Documents documents;
    private final ClassCallers callers;

    DocumentsApi(Documents documents, ClassCallers callers) {
        this.documents = documents;
        this.callers = callers;
    }

    Route route() {
        return pathPrefix(PathMatchers.segment("api").slash("v1").slash("rooms").slash(PathMatchers.segment()), roomId -> concat(
                path("documents", () -> concat(
                        post(() -> teacher(roomId, () -> upload(roomId))),
                        get(() -> participant(roomId, () -> list(roomId))))),
                path(PathMatchers.segment("documents").slash(PathMatchers.segment()), documentId ->
                        get(() -> participant(roomId, () -> status(roomId, documentId)))),
                path(PathMatchers.segment("blobs").slash(PathMatchers.segment()), hash ->
                        get(() -> participant(roomId, () -> blob(roomId, hash))))));
    }

    private Route teacher(String roomId, Supplier<Route> inner) {
        if (!RoomIds.isValid(roomId)) {
            return unknown();
        }
        return callers.caller(roomId, true, caller -> caller instanceof ClassCaller.Refused refused
                ? refuse(refused)
                : caller instanceof ClassCaller.Teacher
                ? inner.get()
                : refuse(ProblemType.FORBIDDEN, "only the class's teachers upload documents"));
    }

    private Route participant(String roomId, Supplier<Route> inner) {
        if (!RoomIds.isValid(roomId)) {
            return unknown();
        }
        return callers.caller(roomId, false, caller -> caller instanceof ClassCaller.Refused refused ? refuse(refused) : inner.get());
    }

    /**
     * The file is the body, up to the size limit: a declared length over it is answered at once, a chunked body
     * that runs past it fails as it crosses it. Its name, for the list, comes as {@code ?name=}.
     */
    private Route upload(String roomId) {
        long max = documents.settings().maxBytes();
        String over = "a document has at most " + (max >= 1 << 20 ? max / (1 << 20) + " MiB" : max + " bytes")
                + " (ARDOISE_DOCUMENT_MAX_BYTES)";
        return parameterOptional("name", name -> extractRequestEntity(entity -> entity.getContentLengthOption().orElse(0) > max
                ? refuse(ProblemType.BODY_TOO_LARGE, over)
                : withSizeLimit(max, () -> entity(Unmarshaller.entityToByteArray(), bytes -> bytes.length == 0
                        ? refuse(ProblemType.EMPTY, "the body must be the file to show")
                        : started(roomId, name(name), bytes)))));
    }

    private Route started(String roomId, String name, byte[] bytes) {
        String documentId = documents.start(roomId, name, bytes);
        return onSuccess(documents.upload(roomId, documentId), upload -> upload
                .map(found -> respondWithHeader(Location.create("/api/v1/rooms/" + roomId + "/documents/" + documentId),
                        () -> complete(HttpResponse.create()
                                .withStatus(busy(found) ? StatusCodes.SERVICE_UNAVAILABLE : StatusCodes.ACCEPTED)
                                .withEntity(JsonBodies.render(described(found))))))
                .orElseGet(() -> refuse(ProblemType.UNKNOWN_CLASS, "no such class")));
    }

    private static boolean busy(Upload upload) {
        return upload.refusal().filter(refusal -> refusal.code().equals("busy")).isPresent();
    }

    private Route list(String roomId) {
        return onSuccess(documents.list(roomId), listed -> complete(HttpResponse.create().withEntity(JsonBodies.render(
                DocumentsResponse.newBuilder().addAllDocuments(listed.stream().map(DocumentsApi::described).toList()).build()))));
    }

    private Route status(String roomId, String documentId) {
        return onSuccess(documents.upload(roomId, documentId), upload -> upload
                .map(found -> complete(HttpResponse.create().withEntity(JsonBodies.render(described(found)))))
                .orElseGet(() -> refuse(ProblemType.UNKNOWN_DOCUMENT, "no such document in this class")));
    }

    private Route blob(String roomId, String hash) {
        if (!BlobHash.isValid(hash)) {
            return refuse(ProblemType.UNKNOWN_BLOB, "no such file in this class");
        }
        return optionalHeaderValueByName("If-None-Match", etag -> etag.filter(tag -> tag.contains(hash)).isPresent()
                ? onSuccess(documents.blobs().get(roomId, hash), found -> found.isPresent()
                        ? complete(HttpResponse.create().withStatus(StatusCodes.NOT_MODIFIED).addHeader(RawHeader.create("ETag", etag(hash))))
                        : refuse(ProblemType.UNKNOWN_BLOB, "no such file in this class"))
                : onSuccess(documents.blobs().get(roomId, hash), found -> found
                        .map(this::served)
                        .orElseGet(() -> refuse(ProblemType.UNKNOWN_BLOB, "no such file in this class"))));
    }

    private Route served(Blob blob) {
        return complete(HttpResponse.create()
                .addHeader(RawHeader.create("Cache-Control", CACHE_FOREVER))
                .addHeader(RawHeader.create("ETag", etag(blob.hash())))
                .withEntity(HttpEntities.create(contentType(blob.contentType()), blob.bytes())));
    }

    private static String etag(String hash) {
        return "\"" + hash + "\"";
    }

    private static ContentType contentType(String stored) {
        return switch (stored) {
            case "image/jpeg" -> ContentTypes.create(MediaTypes.IMAGE_JPEG);
            case "image/png" -> ContentTypes.create(MediaTypes.IMAGE_PNG);
            default -> ContentTypes.APPLICATION_OCTET_STREAM;
        };
    }

    static DocumentResponse described(Upload upload) {
        DocumentResponse.Builder described = upload.document().map(DocumentsApi::described).map(DocumentResponse::toBuilder)
                .orElseGet(DocumentResponse::newBuilder)
                .setDocumentId(upload.documentId())
                .setName(upload.name())
                .setStatus(upload.state().name().toLowerCase(Locale.ROOT))
                .setPagesDone(upload.pagesDone())
                .setPagesTotal(upload.pagesTotal());
        upload.refusal().ifPresent(refusal -> described.setError(refusal.code()).setMessage(refusal.getMessage()));
        return described.build();
    }

    static DocumentResponse described(StoredDocument document) {
        return DocumentResponse.newBuilder()
                .setDocumentId(document.documentId())
                .setName(document.name())
                .setStatus("ready")
                .setPagesDone(document.pages().size())
                .setPagesTotal(document.pages().size())
                .addAllPages(document.pages().stream().map(page -> DocumentPage.newBuilder()
                        .setImage(page.image())
                        .setThumbnail(page.thumbnail())
                        .setWidth(page.width())
                        .setHeight(page.height())
                        .build()).toList())
                .build();
    }

    private static String name(Optional<String> given) {
        String name = given.map(String::strip).filter(value -> !value.isEmpty()).orElse("document");
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    private Route unknown() {
        return refuse(ProblemType.UNKNOWN_CLASS, "no such class");
    }

    private Route refuse(ClassCaller.Refused refused) {
        return refuse(refused.type(), refused.message());
    }

    private Route refuse(ProblemType type, String detail) {
        return complete(Problems.response(type, detail));
    }
}
