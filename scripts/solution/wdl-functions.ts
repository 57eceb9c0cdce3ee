/**
 * Workflow Definition Language functions with their argument counts [min, max] (max -1 = any),
 * after learn.microsoft.com/azure/logic-apps/workflow-definition-language-functions-reference.
 * The validator rejects calls to anything else, or with the wrong number of arguments.
 */
export const WDL_FUNCTIONS: Readonly<Record<string, readonly [number, number]>> = {
  // workflow
  parameters: [1, 1], variables: [1, 1], triggerOutputs: [0, 0], triggerBody: [0, 0], trigger: [0, 0],
  outputs: [1, 1], body: [1, 1], actions: [1, 1], action: [0, 0], items: [1, 1], item: [0, 0],
  iterationIndexes: [1, 1], result: [1, 1], workflow: [0, 0], listCallbackUrl: [0, 0],
  triggerFormDataValue: [1, 1], triggerMultipartBody: [1, 1],
  // logic and comparison
  and: [1, -1], or: [1, -1], not: [1, 1], if: [3, 3], equals: [2, 2], greater: [2, 2],
  greaterOrEquals: [2, 2], less: [2, 2], lessOrEquals: [2, 2],
  // collections and strings
  contains: [2, 2], empty: [1, 1], first: [1, 1], last: [1, 1], length: [1, 1], join: [2, 2],
  skip: [2, 2], take: [2, 2], union: [1, -1], intersection: [1, -1], createArray: [0, -1],
  concat: [1, -1], substring: [2, 3], replace: [3, 3], toLower: [1, 1], toUpper: [1, 1], trim: [1, 1],
  split: [2, 2], indexOf: [2, 2], lastIndexOf: [2, 2], startsWith: [2, 2], endsWith: [2, 2],
  guid: [0, 1], slice: [2, 3], chunk: [2, 2], reverse: [1, 1], sort: [1, 2], nthIndexOf: [3, 3],
  // conversion
  string: [1, 1], int: [1, 1], float: [1, 1], bool: [1, 1], json: [1, 1], array: [1, 1],
  coalesce: [1, -1], base64: [1, 1], base64ToString: [1, 1], decodeBase64: [1, 1], encodeUriComponent: [1, 1],
  decodeUriComponent: [1, 1], uriComponent: [1, 1], xml: [1, 1], xpath: [2, 2], createObject: [0, -1],
  setProperty: [3, 3], addProperty: [3, 3], removeProperty: [2, 2], isInt: [1, 1], isFloat: [1, 1],
  // math
  add: [2, 2], sub: [2, 2], mul: [2, 2], div: [2, 2], mod: [2, 2], min: [1, -1], max: [1, -1], range: [2, 2], rand: [2, 2],
  // dates
  utcNow: [0, 1], addSeconds: [2, 3], addMinutes: [2, 3], addHours: [2, 3], addDays: [2, 3], addToTime: [3, 4],
  formatDateTime: [1, 3], ticks: [1, 1], convertTimeZone: [3, 4], convertToUtc: [2, 3], startOfDay: [1, 2],
  dayOfWeek: [1, 1], parseDateTime: [1, 3], getPastTime: [2, 3], getFutureTime: [2, 3],
  formatNumber: [2, 3],
};

export function functionArityProblem(name: string, argc: number): string | undefined {
  const arity = WDL_FUNCTIONS[name];
  if (!arity) return `unknown function ${name}()`;
  const [min, max] = arity;
  if (argc < min || (max >= 0 && argc > max)) {
    return `${name}() takes ${min === max ? min : max < 0 ? `at least ${min}` : `${min} to ${max}`} argument(s), got ${argc}`;
  }
  return undefined;
}
