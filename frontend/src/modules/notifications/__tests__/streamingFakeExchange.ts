import { cacheExchange, Client, getOperationName, makeResult, type Exchange, type Operation, type OperationResult } from "@urql/core";
import { filter, make, merge, mergeMap, pipe, share, takeUntil } from "wonka";

import type { FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";

/** The answer to a query or mutation; null for one the test does not fake (answered with a GraphQL error). */
type Answer = (operationName: string, variables: Record<string, unknown>) => FakeGraphqlResponse | null;

/**
 * A fake server whose subscriptions stay open: `push(name, data)` sends an event to every open subscription of
 * that operation, the way the websocket does. Queries and mutations are answered once by `answer`.
 */
export const createStreamingFakeServer = (answer: Answer) => {
  const calls: Array<{ operationName: string; variables: Record<string, unknown> }> = [];
  const subscribers = new Map<string, Set<(result: FakeGraphqlResponse) => void>>();

  const exchange: Exchange = () => (operations$) => {
    const shared = share(operations$);
    const teardownOf = (operation: Operation) =>
      pipe(
        shared,
        filter((candidate) => candidate.kind === "teardown" && candidate.key === operation.key),
      );
    const answered = pipe(
      shared,
      filter((operation) => operation.kind === "query" || operation.kind === "mutation"),
      mergeMap((operation) =>
        pipe(
          make<OperationResult>((observer) => {
            let cancelled = false;
            const name = getOperationName(operation.query) ?? "";
            const variables = (operation.variables ?? {}) as Record<string, unknown>;
            void Promise.resolve().then(() => {
              if (cancelled) return;
              calls.push({ operationName: name, variables });
              const response = answer(name, variables) ?? { data: null, errors: [{ message: `${name} is not faked` }] };
              observer.next(makeResult(operation, "networkError" in response ? { data: null } : response));
              observer.complete();
            });
            return () => {
              cancelled = true;
            };
          }),
          takeUntil(teardownOf(operation)),
        ),
      ),
    );
    const streamed = pipe(
      shared,
      filter((operation) => operation.kind === "subscription"),
      mergeMap((operation) =>
        pipe(
          make<OperationResult>((observer) => {
            const name = getOperationName(operation.query) ?? "";
            calls.push({ operationName: name, variables: (operation.variables ?? {}) as Record<string, unknown> });
            const send = (response: FakeGraphqlResponse) => {
              if (!("networkError" in response)) observer.next(makeResult(operation, response));
            };
            const set = subscribers.get(name) ?? new Set();
            set.add(send);
            subscribers.set(name, set);
            return () => {
              set.delete(send);
            };
          }),
          takeUntil(teardownOf(operation)),
        ),
      ),
    );
    return merge([answered, streamed]);
  };

  return {
    calls,
    createClient: () => new Client({ url: "http://rapport.test/graphql", exchanges: [cacheExchange, exchange] }),
    /** How many subscriptions of this operation are open. */
    subscriberCount: (operationName: string) => subscribers.get(operationName)?.size ?? 0,
    push: (operationName: string, data: Record<string, unknown>) => {
      for (const send of subscribers.get(operationName) ?? []) send({ data });
    },
  };
};
