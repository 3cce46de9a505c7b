/** A graphql-ws message's fields as read off the wire, for the client engine and the replay alike. */
export interface GraphqlWsMessage {
  type?: unknown;
  id?: unknown;
  payload?: unknown;
}

/** The JSON object a graphql-ws frame carries, or undefined when it is not one. */
export function parseGraphqlWsMessage(text: string): GraphqlWsMessage | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
