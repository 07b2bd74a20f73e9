package app.ardoise.cluster.http;

import app.ardoise.cluster.classes.ClassExport;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.ContentDisposition;
import org.apache.pekko.http.javadsl.model.headers.ContentDispositionTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** A class's export (ClassExport) as a download, for whoever the caller's route has let through. */
final class ClassArchiveRoute extends AllDirectives {
    private final ClassExport export;

    ClassArchiveRoute(ClassExport export) {
        this.export = export;
    }

    /** No cache may keep it: it is everything about a class of minors. */
    Route archive(String roomId) {
        return onSuccess(export.export(roomId), zip -> complete(HttpResponse.create()
                .withEntity(ContentTypes.create(MediaTypes.APPLICATION_ZIP), zip)
                .addHeader(RawHeader.create("Cache-Control", "no-store"))
                .addHeader(ContentDisposition.create(ContentDispositionTypes.ATTACHMENT,
                        Map.of("filename", "class-" + roomId + ".zip")))));
    }
}
