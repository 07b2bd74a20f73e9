/**
 * French elides "de" before a vowel: "Message privé d'Inès", "Écran d'Adrien", not "de Inès". Names that start with
 * an "h" or a "y" are left with "de": whether those elide depends on the name ("d'Hugo" but "de Henri").
 */
export function elideDe(name: string): string {
  return /^[aeiouàâäéèêëîïôöùûüæœ]/i.test(name.normalize("NFC")) ? `d'${name}` : `de ${name}`;
}
