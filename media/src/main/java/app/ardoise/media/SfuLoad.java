package app.ardoise.media;

/**
 * What an SFU last reported of its load ({@code ardoise.sfu.v1.Load}, media/sfu/proto/load.proto).
 *
 * @param sessions classes with someone in media there
 * @param tracks tracks received from publishers
 * @param subscribers tracks forwarded, one per subscriber and track
 * @param cpuCores CPU the SFU used lately, in cores
 * @param cores cores of its machine
 */
public record SfuLoad(int sessions, int tracks, int subscribers, double cpuCores, int cores) {

    public static final SfuLoad NONE = new SfuLoad(0, 0, 0, 0, 1);

    /**
     * One figure to compare SFUs: the streams it forwards, one per class there (a class placed is soon a few
     * streams), and each tenth of its machine's CPU busy as ten streams more, so that an SFU whose machine is busy
     * with something else is passed over; in whole tenths, so that an idle SFU's noise decides nothing.
     * {@code placed} counts the classes this node placed there since the report.
     */
    double score(int placed) {
        return subscribers + tracks + sessions + placed + 10 * Math.floor(10 * cpuCores / Math.max(1, cores));
    }
}
