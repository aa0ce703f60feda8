/**
 * Record ids are ours and mean nothing: `R` + a zero-padded counter, unique within a run. Where a record came from
 * lives in its provenance, never in its id (an id parsed for meaning breaks the day the meaning changes; results are
 * joined by it, never by position, since Bedrock writes outputs in another order).
 */

const DIGITS = 9;
const LARGEST = 10 ** DIGITS - 1;

/** `R000000001`: a letter first, fixed width, so ids sort in creation order as text too. */
export const RECORD_ID_PATTERN = /^R\d{9}$/;

/** A generator of `R000000001`, `R000000002`, ... for one run. */
export function createRecordIdGenerator(): () => string {
  let counter = 0;
  return () => {
    counter++;
    if (counter > LARGEST) throw new Error(`more than ${LARGEST} records in one run`);
    return `R${String(counter).padStart(DIGITS, "0")}`;
  };
}
