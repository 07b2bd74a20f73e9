package app.ardoise.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.documents.TestPdfs;
import app.ardoise.cluster.support.Browser;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.OpenPoll;
import app.ardoise.protocol.v1.PollKind;
import app.ardoise.protocol.v1.Problem;
import app.ardoise.protocol.v1.RoomEntryResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document against the routes: every documented operation is called on a real node (a teacher signed
 * in on its dev sign-in, the operator with the API key), each answer must be one the document gives for it, with
 * its content type and a body its schema accepts; no call may land on an undocumented address or method. The
 * schemas name the fields of the Protobuf messages the node prints, and the problem codes are ProblemType's.
 */
class OpenApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private static TestNode node;
    private static JsonNode document;
    private static Browser teacher;
    private static String csrf;
    private static final Browser OPERATOR = new Browser();
    private static final Set<String> CALLED = new TreeSet<>();

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(TestCassandra.freshKeyspace(), "ardoise.sign-in.mode = dev");
        HttpResponse<String> served = OPERATOR.get(node.http("/api/v1/openapi.json"));
        assertEquals(200, served.statusCode());
        document = JSON.readTree(served.body());
        teacher = new Browser();
        assertEquals(303, teacher.postForm(node.http("/auth/login"), Map.of("name", "Mme Lovelace")).statusCode());
        csrf = JSON.readTree(teacher.get(node.http("/api/v1/me")).body()).get("csrfToken").asText();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void every_operation_answers_as_documented_and_nothing_undocumented_is_called() throws Exception {
        String[] key = {"Authorization", "Bearer " + TestNode.API_KEY};
        String[] change = {"X-CSRF-Token", csrf};

        CreateRoomResponse room = parse(call(OPERATOR, "POST", "/api/v1/rooms", "{\"title\":\"Maths 4B\"}", 201, key),
                CreateRoomResponse.newBuilder());
        String id = room.getRoomId();
        call(OPERATOR, "POST", "/api/v1/rooms", "{\"title\":\"Maths 4B\"}", 401);
        call(OPERATOR, "POST", "/api/v1/rooms", "{\"title\":\"" + "x".repeat(201) + "\"}", 400, key);
        CreateRoomResponse lecture = parse(call(OPERATOR, "POST", "/api/v1/rooms", "{\"title\":\"Amphi\",\"maxParticipants\":1000}",
                201, key), CreateRoomResponse.newBuilder());
        RoomEntryResponse lectureEntry = parse(call(OPERATOR, "GET", "/api/v1/rooms/" + lecture.getRoomId() + "/entry", "", 200,
                "Authorization", "Bearer " + lecture.getStudent().getToken()), RoomEntryResponse.newBuilder());
        assertEquals(1000, lectureEntry.getMaxParticipants());
        assertProblem(call(OPERATOR, "POST", "/api/v1/rooms", "{\"title\":\"Amphi\",\"maxParticipants\":1001}", 400, key),
                400, "invalid_max_participants");
        // Each refusal names what is wrong: the limit, the title, or a body that is no JSON at all.
        for (String limit : new String[] {"-1", "2.5", "\"five\"", "1e20"}) {
            assertProblem(call(OPERATOR, "POST", "/api/v1/rooms", "{\"title\":\"Amphi\",\"maxParticipants\":" + limit + "}", 400,
                    key), 400, "invalid_max_participants");
        }
        assertProblem(call(OPERATOR, "POST", "/api/v1/rooms", "{\"title\":{\"fr\":\"Maths\"},\"maxParticipants\":30}", 400, key),
                400, "invalid_title");
        assertProblem(call(OPERATOR, "POST", "/api/v1/rooms", "{\"title\":\"Amphi\"", 400, key), 400, "bad_request");
        call(OPERATOR, "GET", "/api/v1/rooms/" + id, "", 200, key);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id, "", 401);
        call(OPERATOR, "GET", "/api/v1/rooms/nosuchclass", "", 404, key);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/entry", "", 200, "Authorization", "Bearer " + room.getStudent().getToken());
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/entry", "", 401, "Authorization", "Bearer forged");
        documents(id, room.getTeacher().getToken(), room.getStudent().getToken());
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/links/student", "", 200, "Authorization", "Bearer " + room.getTeacher().getToken());
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/links/teacher", "", 200, key);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/links/student", "", 401);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/links/student", "", 403, "Authorization", "Bearer " + room.getStudent().getToken());
        call(OPERATOR, "GET", "/api/v1/rooms/nosuchclass/links/student", "", 404, key);
        call(OPERATOR, "POST", "/api/v1/rooms/" + id + "/links/student/renew", "", 200, key);
        call(OPERATOR, "POST", "/api/v1/rooms/" + id + "/links/janitor/renew", "", 404, key);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/entry", "", 410, "Authorization", "Bearer " + room.getStudent().getToken());
        String pollId;
        try (WsClient joined = node.connect(id, room.getTeacher().getToken())) {
            CALLED.add("GET /ws/rooms/{roomId}");
            joined.join(room.getTeacher().getToken(), "Prof");
            joined.send(ClientFrame.newBuilder().setOpenPoll(OpenPoll.newBuilder().setQuestion("Compris ?").setKind(PollKind.POLL_KIND_YES_NO)));
            pollId = joined.await(f -> f.hasEvent() && f.getEvent().hasPollOpened()).getEvent().getPollOpened().getPoll().getId();
        }
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/polls/" + pollId + "/results.csv", "", 200, key);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/polls/nosuchpoll/results.csv", "", 404, key);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/polls/" + pollId + "/results.csv", "", 401);
        call(OPERATOR, "GET", "/ws/rooms/" + id + "?token=" + room.getTeacher().getToken(), "", 400);
        call(OPERATOR, "GET", "/ws/rooms/" + id + "?token=" + room.getStudent().getToken(), "", 410);
        call(OPERATOR, "POST", "/api/v1/rooms/" + id + "/actions", "{\"setEntryPolicy\":{\"policy\":\"ENTRY_POLICY_ADMIT\"}}", 200, key);
        call(OPERATOR, "POST", "/api/v1/rooms/" + id + "/actions", "{}", 400, key);
        call(OPERATOR, "POST", "/api/v1/rooms/" + id + "/actions", "{\"deleteChatMessage\":{\"seq\":\"99\"}}", 409, key);
        call(OPERATOR, "POST", "/api/v1/rooms/nosuchclass/actions", "{\"clearChat\":{}}", 404, key);
        call(OPERATOR, "POST", "/api/v1/rooms/" + id + "/end", "", 200, key);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/export", "", 200, key);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/export", "", 401);
        call(OPERATOR, "GET", "/api/v1/rooms/nosuchclass/export", "", 404, key);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/attendance", "", 200, key);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/attendance", "", 401);
        call(OPERATOR, "GET", "/api/v1/rooms/nosuchclass/attendance", "", 404, key);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/attendance", "", 410, "Authorization", "Bearer " + room.getStudent().getToken());
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/attendance.csv", "", 200, "Authorization", "Bearer " + room.getTeacher().getToken());
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/attendance.csv", "", 401);
        call(OPERATOR, "GET", "/api/v1/rooms/nosuchclass/attendance.csv", "", 404, key);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/attendance.csv", "", 410, "Authorization", "Bearer " + room.getStudent().getToken());
        call(OPERATOR, "PUT", "/api/v1/rooms/" + id + "/retention", "{\"events\":\"30d\"}", 200, key);
        call(OPERATOR, "PUT", "/api/v1/rooms/" + id + "/retention", "{\"events\":\"forever\"}", 400, key);
        call(OPERATOR, "PUT", "/api/v1/rooms/" + id + "/retention", "{\"attendance\":\"7d\",\"recordings\":\"1d\"}", 200, key);
        call(OPERATOR, "PUT", "/api/v1/rooms/" + id + "/retention", "{\"recordings\":\"400d\"}", 400, key);
        call(OPERATOR, "PUT", "/api/v1/rooms/" + id + "/retention", "{\"events\":\"30d\"}", 401);
        call(OPERATOR, "PUT", "/api/v1/rooms/nosuchclass/retention", "{\"events\":\"1d\"}", 404, key);
        CreateRoomResponse doomed = parse(call(OPERATOR, "POST", "/api/v1/rooms", "{\"title\":\"Brouillon\"}", 201, key),
                CreateRoomResponse.newBuilder());
        String gone = doomed.getRoomId();
        call(OPERATOR, "PUT", "/api/v1/rooms/" + gone + "/retention", "{\"events\":\"1d\"}", 403,
                "Authorization", "Bearer " + doomed.getStudent().getToken());
        call(OPERATOR, "GET", "/api/v1/rooms/" + gone + "/attendance", "", 403, "Authorization", "Bearer " + doomed.getStudent().getToken());
        call(OPERATOR, "GET", "/api/v1/rooms/" + gone + "/attendance.csv", "", 403, "Authorization", "Bearer " + doomed.getStudent().getToken());
        call(OPERATOR, "PUT", "/api/v1/rooms/" + gone + "/retention", "{\"events\":\"1d\"}", 200,
                "Authorization", "Bearer " + doomed.getTeacher().getToken());
        call(OPERATOR, "DELETE", "/api/v1/rooms/" + gone, "", 403, "Authorization", "Bearer " + doomed.getStudent().getToken());
        call(OPERATOR, "DELETE", "/api/v1/rooms/" + gone, "", 401);
        call(OPERATOR, "DELETE", "/api/v1/rooms/" + gone, "", 204, "Authorization", "Bearer " + doomed.getTeacher().getToken());
        call(OPERATOR, "DELETE", "/api/v1/rooms/" + gone, "", 404, key);
        call(OPERATOR, "DELETE", "/api/v1/rooms/" + id, "", 410, "Authorization", "Bearer " + room.getStudent().getToken());

        call(teacher, "GET", "/api/v1/me", "", 200);
        call(TestNode.shared(), OPERATOR, "GET", "/api/v1/me", "", 200);
        call(OPERATOR, "GET", "/api/v1/me", "", 401);
        CreateRoomResponse mine = parse(call(teacher, "POST", "/api/v1/my/classes", "{\"title\":\"Histoire\"}", 201, change),
                CreateRoomResponse.newBuilder());
        String own = mine.getRoomId();
        String ownPoll;
        try (WsClient joined = node.connect(own, mine.getTeacher().getToken())) {
            joined.join(mine.getTeacher().getToken(), "Mme Lovelace");
            joined.send(ClientFrame.newBuilder().setOpenPoll(OpenPoll.newBuilder().setQuestion("Prêts ?").setKind(PollKind.POLL_KIND_YES_NO)));
            ownPoll = joined.await(f -> f.hasEvent() && f.getEvent().hasPollOpened()).getEvent().getPollOpened().getPoll().getId();
        }
        call(teacher, "POST", "/api/v1/rooms", "{\"title\":\"Géographie\"}", 201, change);
        call(teacher, "POST", "/api/v1/my/classes", "{}", 403);
        call(teacher, "GET", "/api/v1/my/classes", "", 200);
        call(OPERATOR, "GET", "/api/v1/my/classes", "", 401);
        call(teacher, "PATCH", "/api/v1/my/classes/" + own, "{\"title\":\"Histoire 5e\"}", 200, change);
        call(teacher, "PATCH", "/api/v1/my/classes/" + own, "{\"title\":\"\"}", 400, change);
        call(teacher, "PATCH", "/api/v1/my/classes/" + id, "{\"title\":\"Pris\"}", 403, change);
        call(teacher, "POST", "/api/v1/my/classes/" + own + "/archive", "", 204, change);
        call(teacher, "POST", "/api/v1/my/classes/" + own + "/unarchive", "", 204, change);
        call(teacher, "POST", "/api/v1/my/classes/" + own + "/links/teacher/renew", "", 200, change);
        call(teacher, "POST", "/api/v1/my/classes/" + own + "/actions", "{\"clearChat\":{}}", 200, change);
        call(teacher, "GET", "/api/v1/my/classes/" + id + "/polls/" + pollId + "/results.csv", "", 403);
        call(teacher, "GET", "/api/v1/my/classes/" + own + "/polls/nosuchpoll/results.csv", "", 404);
        call(OPERATOR, "GET", "/api/v1/my/classes/" + own + "/polls/nosuchpoll/results.csv", "", 401);
        call(teacher, "GET", "/api/v1/my/classes/" + own + "/polls/" + ownPoll + "/results.csv", "", 200);
        call(teacher, "GET", "/api/v1/rooms/" + own + "/attendance", "", 200);
        call(teacher, "GET", "/api/v1/rooms/" + id + "/attendance", "", 403);
        call(teacher, "POST", "/api/v1/my/classes/" + id + "/actions", "{\"clearChat\":{}}", 403, change);
        call(teacher, "POST", "/api/v1/my/classes/" + own + "/end", "", 200, change);
        call(teacher, "POST", "/api/v1/my/classes/nosuchclass/end", "", 404, change);
        call(teacher, "GET", "/api/v1/my/classes/" + own + "/export", "", 200);
        call(teacher, "GET", "/api/v1/my/classes/" + id + "/export", "", 403);
        call(teacher, "GET", "/api/v1/my/classes/nosuchclass/export", "", 404);
        call(OPERATOR, "GET", "/api/v1/my/classes/" + own + "/export", "", 401);
        call(teacher, "DELETE", "/api/v1/my/classes/" + own, "", 204, change);
        call(teacher, "DELETE", "/api/v1/my/classes/" + own, "", 404, change);

        call(OPERATOR, "GET", "/api/v1/cluster", "", 200, key);
        call(OPERATOR, "GET", "/api/v1/limits", "", 200);
        call(OPERATOR, "GET", "/api/v1/problems/link_revoked", "", 200);
        call(OPERATOR, "GET", "/api/v1/problems/no_such_problem", "", 404);
        call(OPERATOR, "GET", "/api/v1/openapi.json", "", 200);
        call(OPERATOR, "GET", "/health/live", "", 200);
        call(OPERATOR, "GET", "/health/ready", "", OPERATOR.get(node.http("/health/ready")).statusCode());
        call(OPERATOR, "GET", "/metrics", "", 200);

        assertEquals(operations(), CALLED, "every documented operation is called here, and nothing else");
    }

    @Test
    void an_address_or_a_method_the_api_does_not_have_is_a_problem() throws Exception {
        HttpResponse<String> nowhere = OPERATOR.get(node.http("/api/v1/nowhere"));
        assertProblem(nowhere, 404, "not_found");
        assertTrue(matchingTemplate("/api/v1/nowhere").isEmpty());

        HttpResponse<String> wrongMethod = OPERATOR.send("PUT", node.http("/api/v1/limits"), "{}");
        assertProblem(wrongMethod, 405, "method_not_allowed");
        assertEquals(Optional.of("GET"), wrongMethod.headers().firstValue("Allow"));
        assertFalse(document.at("/paths/~1api~1v1~1limits").has("put"));
    }

    @Test
    void each_problem_code_is_documented_and_described_at_its_type() throws Exception {
        Set<String> documented = new TreeSet<>();
        document.at("/components/schemas/Problem/properties/error/enum").forEach(code -> documented.add(code.asText()));
        Set<String> given = Arrays.stream(ProblemType.values()).map(type -> type.code).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(given, documented);
        for (ProblemType type : ProblemType.values()) {
            HttpResponse<String> described = OPERATOR.get(node.http(type.uri()));
            assertEquals(200, described.statusCode(), type.uri());
            Problem problem = parse(described.body(), Problem.newBuilder());
            assertEquals(type.code, problem.getError());
            assertEquals(type.status.intValue(), problem.getStatus());
            assertEquals(type.title, problem.getTitle());
        }
    }

    /** A schema's properties are the JSON names of its Protobuf message's fields, no more and no fewer. */
    @Test
    void each_schema_names_the_fields_of_its_protobuf_message() throws Exception {
        Iterator<Map.Entry<String, JsonNode>> schemas = document.at("/components/schemas").fields();
        int checked = 0;
        while (schemas.hasNext()) {
            Map.Entry<String, JsonNode> schema = schemas.next();
            Descriptor message = descriptor(schema.getKey());
            Set<String> fields = message.getFields().stream().map(FieldDescriptor::getJsonName).collect(Collectors.toCollection(TreeSet::new));
            Set<String> properties = new TreeSet<>();
            schema.getValue().get("properties").fieldNames().forEachRemaining(properties::add);
            assertEquals(fields, properties, schema.getKey());
            assertFalse(schema.getValue().get("additionalProperties").asBoolean(), schema.getKey());
            checked++;
        }
        assertTrue(checked >= 10, "schemas checked: " + checked);
    }

    @Test
    void the_document_is_openapi_3_1_whose_references_all_resolve() {
        assertTrue(document.get("openapi").asText().startsWith("3.1."));
        assertFalse(document.at("/info/title").asText().isEmpty());
        Set<String> unresolved = new HashSet<>();
        references(document, unresolved);
        assertEquals(Set.of(), unresolved);
        document.get("paths").forEach(path -> path.forEach(operation -> {
            assertFalse(operation.at("/operationId").asText().isEmpty(), operation.toString());
            assertTrue(operation.get("responses").size() > 0, operation.toString());
        }));
    }

    private static void references(JsonNode node, Set<String> unresolved) {
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith("#") || document.at(ref.substring(1)).isMissingNode()) {
                unresolved.add(ref);
            }
        }
        node.forEach(child -> references(child, unresolved));
    }

    /**
     * One request, which must answer {@code status}; then held to the document: its address and method are
     * documented, and the answer is one of the operation's, with its content type and schema.
     */
    private static HttpResponse<String> call(Browser client, String method, String path, String body, int status,
                                             String... headers) throws Exception {
        return call(node, client, method, path, body, status, headers);
    }

    /** As {@link #call} on another node: one without sign-in, say. */
    private static HttpResponse<String> call(TestNode at, Browser client, String method, String path, String body, int status,
                                             String... headers) throws Exception {
        URI uri = at.http(path);
        HttpResponse<String> response = method.equals("GET") ? client.get(uri, headers) : client.send(method, uri, body, headers);
        return check(at, method, path, status, response);
    }

    /** A response held to the document, however it was sent. */
    private static HttpResponse<String> check(TestNode at, String method, String path, int status, HttpResponse<String> response)
            throws Exception {
        URI uri = at.http(path);
        assertEquals(status, response.statusCode(), method + " " + path + ": " + response.body());
        String template = matchingTemplate(uri.getPath()).orElseThrow(() -> new AssertionError("undocumented address " + path));
        JsonNode operation = document.at("/paths/" + escape(template) + "/" + method.toLowerCase());
        assertFalse(operation.isMissingNode(), "undocumented: " + method + " " + template);
        CALLED.add(method + " " + template);

        JsonNode answer = resolve(operation.at("/responses/" + status));
        assertFalse(answer.isMissingNode(), method + " " + template + " does not document " + status);
        JsonNode content = answer.get("content");
        if (content == null) {
            assertTrue(response.body().isEmpty(), method + " " + template + " answers no body with " + status);
            return response;
        }
        String type = response.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
        JsonNode media = content.get(type);
        assertTrue(media != null, method + " " + template + " " + status + " answered " + type + ", documented " + content.fieldNames().next());
        if (type.endsWith("json")) {
            assertValid(media.get("schema"), JSON.readTree(response.body()), method + " " + template + " " + status);
        }
        if (type.equals("application/problem+json")) {
            assertEquals(status, JSON.readTree(response.body()).get("status").asInt());
        }
        return response;
    }

    /** A PDF shown and read back: its upload (the body is the file), its conversion, its pages. */
    private static void documents(String id, String teacherLink, String studentLink) throws Exception {
        String base = "/api/v1/rooms/" + id + "/documents";
        String[] teacher = {"Authorization", "Bearer " + teacherLink};
        String[] student = {"Authorization", "Bearer " + studentLink};
        HttpResponse<String> uploaded = check(node, "POST", base + "?name=cours.pdf", 202, upload(base + "?name=cours.pdf", TestPdfs.slides(2), teacher));
        check(node, "POST", base, 403, upload(base, TestPdfs.slides(1), student));
        check(node, "POST", base, 400, upload(base, new byte[0], teacher));
        String document = JSON.readTree(uploaded.body()).get("documentId").asText();
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode status;
        do {
            Thread.sleep(200);
            status = JSON.readTree(call(OPERATOR, "GET", base + "/" + document, "", 200, student).body());
        } while (!status.get("status").asText().equals("ready") && System.nanoTime() < deadline);
        assertEquals("ready", status.get("status").asText(), status.toString());
        call(OPERATOR, "GET", base + "/nosuchdocument", "", 404, student);
        call(OPERATOR, "GET", base, "", 200, student);
        call(OPERATOR, "GET", base, "", 401);
        String image = status.at("/pages/0/image").asText();
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/blobs/" + image + "?token=" + studentLink, "", 200);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/blobs/" + "0".repeat(64), "", 404, student);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/board.pdf", "", 200, teacher);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/board.pdf", "", 403, student);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/board.pdf", "", 401);
        call(OPERATOR, "GET", "/api/v1/rooms/nosuchclass/board.pdf", "", 404, "Authorization", "Bearer " + TestNode.API_KEY);
        // Recordings: none in this class (RecordingTest records one through the real SFU), and teachers' only.
        assertEquals("{\"recordings\":[]}", call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/recordings", "", 200, teacher).body());
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/recordings", "", 403, student);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/recordings", "", 401);
        call(OPERATOR, "GET", "/api/v1/rooms/nosuchclass/recordings", "", 404, "Authorization", "Bearer " + TestNode.API_KEY);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/recordings/0-1.ogg", "", 404, teacher);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/recordings/0-1.ogg", "", 403, student);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/replay", "", 200, teacher);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/replay?after=-1", "", 400, teacher);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/replay", "", 403, student);
        call(OPERATOR, "GET", "/api/v1/rooms/" + id + "/replay", "", 401);
        call(OPERATOR, "GET", "/api/v1/rooms/nosuchclass/replay", "", 404, "Authorization", "Bearer " + TestNode.API_KEY);
    }

    private static HttpResponse<String> upload(String path, byte[] file, String... headers) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(node.http(path))
                .header("Content-Type", "application/pdf").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(file));
        request.headers(headers);
        return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = JSON.readTree(response.body());
        assertValid(JSON.readTree("{\"$ref\":\"#/components/schemas/Problem\"}"), problem, "problem");
        assertEquals(code, problem.get("error").asText());
        assertEquals("/api/v1/problems/" + code, problem.get("type").asText());
        assertEquals(status, problem.get("status").asInt());
    }

    /** The document's schema, with the document's components beside it so that its references resolve. */
    private static void assertValid(JsonNode schema, JsonNode body, String what) {
        ObjectNode standalone = schema.deepCopy();
        standalone.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        standalone.set("components", document.get("components"));
        JsonSchema validator = SCHEMAS.getSchema(standalone);
        Set<ValidationMessage> errors = validator.validate(body);
        assertEquals(Set.of(), errors, what + ": " + body);
    }

    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static Optional<String> matchingTemplate(String path) {
        Iterator<String> templates = document.get("paths").fieldNames();
        while (templates.hasNext()) {
            String template = templates.next();
            String regex = Arrays.stream(template.split("\\{[^}]+}", -1)).map(Pattern::quote).collect(Collectors.joining("[^/]+"));
            if (path.matches(regex)) {
                return Optional.of(template);
            }
        }
        return Optional.empty();
    }

    private static Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> operations.add(method.toUpperCase() + " " + path.getKey())));
        return operations;
    }

    private static String escape(String template) {
        return template.replace("~", "~0").replace("/", "~1");
    }

    private static Descriptor descriptor(String name) throws Exception {
        return (Descriptor) Class.forName("app.ardoise.protocol.v1." + name).getMethod("getDescriptor").invoke(null);
    }

    private static <M extends Message> M parse(HttpResponse<String> response, Message.Builder builder) throws Exception {
        return parse(response.body(), builder);
    }

    @SuppressWarnings("unchecked")
    private static <M extends Message> M parse(String json, Message.Builder builder) throws Exception {
        JsonFormat.parser().merge(json, builder);
        return (M) builder.build();
    }
}
