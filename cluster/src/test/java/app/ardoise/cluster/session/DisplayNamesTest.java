package app.ardoise.cluster.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DisplayNamesTest {

    @Test
    void controls_and_bidirectional_overrides_are_removed() {
        assertEquals("evilname", DisplayNames.clean("\u202Eevilname\u0000\u0007"));
        assertEquals("Léa Martin", DisplayNames.clean("\u2066Léa\u2069 \u200E Martin\n"));
        assertEquals("Zoé", DisplayNames.clean("\uFEFFZo\u200Bé"));
    }

    @Test
    void names_in_every_script_and_emoji_sequences_stay_whole() {
        for (String name : new String[] {"Élodie", "محمد", "דניאל", "李明", "Ana-María O'Neil", "👩‍🏫 Mme Dupont",
                "می‌خواهم"}) {
            assertEquals(name, DisplayNames.clean(name));
        }
    }
}
