package app.ardoise.cluster.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.ardoise.cluster.support.WriterRuns.Write;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The journal check of PartitionTest finds each sign of two writers, and none in a class that moved once. */
class WriterRunsTest {
    @Test
    void a_class_that_moved_once_had_one_writer_at_a_time() {
        assertEquals(List.of(), WriterRuns.overlaps("Room|a", List.of(
                new Write(1, 100, "A"), new Write(2, 110, "A"), new Write(3, 500, "B"), new Write(4, 510, "B"))));
    }

    @Test
    void a_sequence_number_written_twice_is_two_writers() {
        assertEquals(List.of("Room|a: 3 written by A and B"), WriterRuns.overlaps("Room|a", List.of(
                new Write(1, 100, "A"), new Write(2, 110, "A"), new Write(3, 500, "B"), new Write(3, 120, "A"))));
    }

    @Test
    void a_writer_that_comes_back_or_starts_early_is_two_writers() {
        assertEquals(List.of("Room|a: A writes 4 after another writer took over"), WriterRuns.overlaps("Room|a", List.of(
                new Write(1, 100, "A"), new Write(2, 110, "A"), new Write(3, 500, "B"), new Write(4, 510, "A"))));
        assertEquals(List.of("Room|a: B wrote 3 before A wrote 2"), WriterRuns.overlaps("Room|a", List.of(
                new Write(1, 100, "A"), new Write(2, 110, "A"), new Write(3, 105, "B"))));
    }

    @Test
    void a_gap_or_a_late_start_is_a_lost_write() {
        assertEquals(List.of("Room|a: nothing between 1 and 3"), WriterRuns.overlaps("Room|a", List.of(
                new Write(1, 100, "A"), new Write(3, 110, "A"))));
        assertEquals(List.of("Room|a starts at 2"), WriterRuns.overlaps("Room|a", List.of(new Write(2, 100, "A"))));
    }
}
