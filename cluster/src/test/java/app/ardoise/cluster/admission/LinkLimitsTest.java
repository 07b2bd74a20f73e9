package app.ardoise.cluster.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkLimitsTest {
    @Test
    void each_link_holds_at_most_its_share_and_is_forgotten_when_it_holds_none() {
        LinkLimits limits = new LinkLimits();
        List<Ticket> student = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            student.add(assertInstanceOf(Admission.Admitted.class, limits.open("student-token", 3)).ticket());
        }
        assertInstanceOf(Admission.Refused.class, limits.open("student-token", 3));
        Ticket teacher = assertInstanceOf(Admission.Admitted.class, limits.open("teacher-token", 3)).ticket();
        student.get(0).release();
        student.set(0, assertInstanceOf(Admission.Admitted.class, limits.open("student-token", 3)).ticket());
        student.forEach(Ticket::release);
        teacher.release();
        assertEquals(0, limits.linksOpen());
    }

    @Test
    void a_link_of_a_larger_class_holds_more() {
        LinkLimits limits = new LinkLimits();
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(Admission.Admitted.class, limits.open("lecture-token", 4));
        }
        assertInstanceOf(Admission.Admitted.class, limits.open("lecture-token", 4));
        assertInstanceOf(Admission.Refused.class, limits.open("lecture-token", 4));
        assertInstanceOf(Admission.Refused.class, limits.open("lecture-token", 3));
    }
}
