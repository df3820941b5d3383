type ContactWithPhones = { id: string; phones?: readonly string[] | null };

const digitsOf = (text: string) => text.replace(/\D/g, "");

/**
 * Whether a contact's phone, as the viewer sees it (clear, or masked like `138****5678`), is the number typed:
 * the visible digits before and after the stars must sit where they do in the typed number's last digits.
 */
export const phoneFits = (shown: string, typed: string): boolean => {
  const typedDigits = digitsOf(typed);
  const star = shown.indexOf("*");
  if (star < 0) {
    const clear = digitsOf(shown);
    const overlap = Math.min(clear.length, typedDigits.length);
    return overlap >= 7 && clear.slice(-overlap) === typedDigits.slice(-overlap);
  }
  const national = shown.replace(/[^\d*]/g, "");
  if (typedDigits.length < national.length) return false;
  const tail = typedDigits.slice(-national.length);
  return [...national].every((character, index) => character === "*" || character === tail[index]);
};

/** Which contact of a customer found by phone is the caller: the one whose phone fits, else the only one. */
export const callerContactId = (typed: string, contacts: readonly ContactWithPhones[]): string | null => {
  const fitting = contacts.filter((contact) => (contact.phones ?? []).some((phone) => phoneFits(phone, typed)));
  if (fitting.length === 1) return fitting[0]?.id ?? null;
  return contacts.length === 1 ? (contacts[0]?.id ?? null) : null;
};
