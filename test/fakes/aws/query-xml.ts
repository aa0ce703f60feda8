/**
 * The awsQuery protocol's wire shapes (STS and IAM): a form-encoded POST body with `Action` and `Version`; XML answers
 * `<{Action}Response xmlns=...><{Action}Result>...</{Action}Result><ResponseMetadata>` and errors as
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
 */

/** An XML element tree written as nested objects: strings are text, arrays are `<member>` lists. */
export type XmlValue = string | number | boolean | XmlValue[] | { [name: string]: XmlValue };

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

function toXml(value: XmlValue): string {
  if (Array.isArray(value)) return value.map((item) => `<member>${toXml(item)}</member>`).join("");
  if (typeof value === "object") return Object.entries(value).map(([name, inner]) => `<${name}>${toXml(inner)}</${name}>`).join("");
  return escapeXml(String(value));
}

export function queryResponse(action: string, namespace: string, result: XmlValue, requestId: string): string {
  return `<${action}Response xmlns="${namespace}"><${action}Result>${toXml(result)}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

export function queryError(namespace: string, code: string, message: string, requestId: string): string {
  return `<ErrorResponse xmlns="${namespace}"><Error><Type>Sender</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

/** `Name.member.1`, `Name.member.2`, ... of a form body, in order. */
export function memberList(form: URLSearchParams, name: string): string[] {
  const values: string[] = [];
  for (let index = 1; form.has(`${name}.member.${index}`); index++) values.push(form.get(`${name}.member.${index}`) ?? "");
  return values;
}
