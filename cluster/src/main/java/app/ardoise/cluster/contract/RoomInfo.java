package app.ardoise.cluster.contract;

/** A class as the REST API shows it: whether it exists, its title, and how many are connected. */
public record RoomInfo(boolean exists, String title, int participants) implements ClusterMessage {}
