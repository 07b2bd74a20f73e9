package app.ardoise.cluster.bbb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A create's welcome as the class posts it, without a node. */
class ClassSettingsTest {

    @Test
    void the_welcome_loses_its_html_but_the_values_filled_in_keep_theirs() {
        BbbMeeting meeting = new BbbMeeting("m-1", "room-1", 1L, 0, Map.of("name", "Histoire & <Géo>",
                "voiceBridge", "71234", "dialNumber", "+33 1 23  45",
                "welcome", "Bienvenue dans <b>%%CONFNAME%%</b> &amp; <i>bon  cours</i> !<br/>Salle %%CONFNUM%%, tél. %%DIALNUM%%"));
        assertEquals("Bienvenue dans Histoire & <Géo> & bon cours !\nSalle 71234, tél. +33 1 23  45",
                ClassSettings.welcome(meeting));
    }

    @Test
    void a_name_that_looks_escaped_or_holds_a_placeholder_is_left_as_written() {
        BbbMeeting meeting = new BbbMeeting("m-1", "room-1", 1L, 0, Map.of("name", "Tom &amp; Jerry <3 $1 %%CONFNUM%%",
                "voiceBridge", "71234", "welcome", "%%CONFNAME%%"));
        assertEquals("Tom &amp; Jerry <3 $1 %%CONFNUM%%", ClassSettings.welcome(meeting));
    }
}
