import {
  cacheExchange,
  Client,
  getOperationName,
  makeErrorResult,
  makeResult,
  type Exchange,
  type Operation,
  type OperationResult,
} from "@urql/core";
import { filter, make, mergeMap, pipe, share, takeUntil } from "wonka";

export type FakeGraphqlError = {
  message: string;
  extensions?: Record<string, unknown>;
};

/** What the fake server answers: data and/or GraphQL errors, or a transport failure. */
export type FakeGraphqlResponse =
  | { data?: Record<string, unknown> | null; errors?: FakeGraphqlError[] }
  | { networkError: Error };

export type FakeGraphqlResolver = (
  operationName: string,
  variables: Record<string, unknown>,
  operation: Operation,
) => FakeGraphqlResponse | Promise<FakeGraphqlResponse>;

const toResult = (operation: Operation, response: FakeGraphqlResponse) =>
  "networkError" in response
    ? makeErrorResult(operation, response.networkError)
    : makeResult(operation, { data: response.data ?? null, errors: response.errors });

/**
 * An exchange standing in for the network: every query/mutation/subscription is answered by `resolve`.
 * Like fetchExchange it answers asynchronously and drops an operation torn down before it was sent.
 * Placed after the real cacheExchange so cache behaviour (invalidation after login) is exercised too.
 */
export const fakeGraphqlExchange =
  (resolve: FakeGraphqlResolver): Exchange =>
  () =>
  (operations$) => {
    const sharedOperations$ = share(operations$);
    return pipe(
      sharedOperations$,
      filter((operation) => operation.kind !== "teardown"),
      mergeMap((operation) =>
        pipe(
          make<OperationResult>((observer) => {
            let cancelled = false;
            void Promise.resolve()
              .then(() =>
                cancelled
                  ? null
                  : resolve(getOperationName(operation.query) ?? "", operation.variables as Record<string, unknown>, operation),
              )
              .then((response) => {
                if (cancelled || !response) return;
                observer.next(toResult(operation, response));
                observer.complete();
              });
            return () => {
              cancelled = true;
            };
          }),
          takeUntil(
            pipe(
              sharedOperations$,
              filter((teardown) => teardown.kind === "teardown" && teardown.key === operation.key),
            ),
          ),
        ),
      ),
    );
  };

export type FakeGraphqlServer = {
  /** Makes a client (the app makes a new one on sign-out) whose operations `resolve` answers. */
  createClient: () => Client;
  /** Names and variables of every operation that reached the fake server, in order, across clients. */
  calls: Array<{ operationName: string; variables: Record<string, unknown> }>;
  /** How many clients the app has made. */
  clientCount: () => number;
};

export const createFakeGraphqlServer = (resolve: FakeGraphqlResolver): FakeGraphqlServer => {
  const calls: FakeGraphqlServer["calls"] = [];
  let clients = 0;
  const createClient = () => {
    clients += 1;
    return new Client({
      url: "http://rapport.test/graphql",
      exchanges: [
        cacheExchange,
        fakeGraphqlExchange((operationName, variables, operation) => {
          calls.push({ operationName, variables });
          return resolve(operationName, variables, operation);
        }),
      ],
    });
  };
  return { createClient, calls, clientCount: () => clients };
};
