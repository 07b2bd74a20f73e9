// "de" before a name, as French writes it in the page's notices and menus.
import assert from "node:assert/strict";
import { test } from "node:test";
import { elideDe } from "../src/elision";

test("de is elided before a vowel, accented or not, and kept before a consonant, an h or a y", () => {
  assert.equal(elideDe("Inès"), "d'Inès");
  assert.equal(elideDe("Élodie"), "d'Élodie");
  assert.equal(elideDe("adrien"), "d'adrien");
  assert.equal(elideDe("Œdipe"), "d'Œdipe");
  assert.equal(elideDe("Bob"), "de Bob");
  assert.equal(elideDe("Henri"), "de Henri");
  assert.equal(elideDe("Yann"), "de Yann");
  assert.equal(elideDe("M. Petit"), "de M. Petit");
});
