package app.ardoise.cluster.serialization;

/**
 * Marks a message that may cross nodes; application.conf binds it to {@link ClusterMessageSerializer},
 * so none of them ever falls back to Java serialization.
 */
public interface ClusterMessage {}
