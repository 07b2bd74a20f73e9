package app.ardoise.cluster.classes;

import java.time.Instant;

/** A row of a teacher's class index: a class the teacher created, as the index keeps it. */
public record OwnedClass(String roomId, String title, Instant createdAt, boolean archived) {}
