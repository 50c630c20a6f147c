/**
 * Targets and conditions: where a flow goes (step and story targets), what a
 * connection tests (value getters and conditions), and the flow connections
 * that jump_to_action and AI behaviours are made of.
 *
 * @module
 */
import * as v from "valibot";
import { pythonRegExp } from "./_python_regexp.ts";
import {
  bare,
  builder,
  type Fields,
  list,
  num,
  object,
  objectId,
  str,
  tag,
  variant,
  wordKey,
} from "./_primitives.ts";

// ---------------------------------------------------------------- targets

const stepTarget = object({
  type: tag("step"),
  id: objectId,
  name: v.nullish(str),
});

const storyTarget = object({
  type: tag("story"),
  id: objectId,
  name: v.nullish(str),
});

/**
 * A target that is a bot step.
 *
 * @category Models
 */
export interface StepTarget {
  /** Discriminant. */
  type: "step";
  /** Object id of the step (24 characters of `[a-z0-9]`). */
  id: string;
  /** Name of the step, for humans. */
  name?: string | null;
}
/**
 * Schema of a step target.
 *
 * @example Parse a step target
 * ```ts
 * import * as v from "valibot";
 * import { StepTargetSchema } from "@clustaar/webhook";
 * const stepTarget = v.parse(StepTargetSchema, {
 *   type: "step",
 *   id: "a1a1a1a1a1a1a1a1a1a1a1a1",
 *   name: "Welcome",
 * });
 * ```
 *
 * @category Models
 */
export const StepTargetSchema: v.GenericSchema<StepTarget> = stepTarget;
/**
 * Builds a step target.
 *
 * @example Build a step target
 * ```ts
 * import { StepTarget } from "@clustaar/webhook";
 * const stepTarget = StepTarget({ id: "a1a1a1a1a1a1a1a1a1a1a1a1", name: "Welcome" });
 * ```
 *
 * @category Models
 */
export const StepTarget: (fields: Fields<StepTarget>) => StepTarget = builder<StepTarget>("step");

/**
 * A target that is a story (a group of steps).
 *
 * @category Models
 */
export interface StoryTarget {
  /** Discriminant. */
  type: "story";
  /** Object id of the story (24 characters of `[a-z0-9]`). */
  id: string;
  /** Name of the story, for humans. */
  name?: string | null;
}
/**
 * Schema of a story target.
 *
 * @example Parse a story target
 * ```ts
 * import * as v from "valibot";
 * import { StoryTargetSchema } from "@clustaar/webhook";
 * const storyTarget = v.parse(StoryTargetSchema, {
 *   type: "story",
 *   id: "a1a1a1a1a1a1a1a1a1a1a1a1",
 * });
 * ```
 *
 * @category Models
 */
export const StoryTargetSchema: v.GenericSchema<StoryTarget> = storyTarget;
/**
 * Builds a story target.
 *
 * @example Build a story target
 * ```ts
 * import { StoryTarget } from "@clustaar/webhook";
 * const storyTarget = StoryTarget({ id: "a1a1a1a1a1a1a1a1a1a1a1a1" });
 * ```
 *
 * @category Models
 */
export const StoryTarget: (fields: Fields<StoryTarget>) => StoryTarget = builder<StoryTarget>(
  "story",
);

/**
 * Where a button, a connection or a choice leads: a step or a story.
 *
 * @category Models
 */
export type Target = StepTarget | StoryTarget;

/** @internal The target variant, for composition in other schemas. */
export const targetVariant = variant([stepTarget, storyTarget]);

/**
 * Schema of any target, discriminated on `type`.
 *
 * @example Validate a target
 * ```ts
 * import * as v from "valibot";
 * import { TargetSchema } from "@clustaar/webhook";
 * const ok = v.is(TargetSchema, { type: "step", id: "a1a1a1a1a1a1a1a1a1a1a1a1" });
 * ```
 *
 * @category Models
 */
export const TargetSchema: v.GenericSchema<Target> = targetVariant;

// ---------------------------------------------------------- value getters

const messageGetter = object({ type: tag("message") });
const sessionValueGetter = object({
  type: tag("session_value"),
  key: wordKey(1, 100),
});
const userAttributeGetter = object({
  type: tag("user_attribute"),
  key: wordKey(1, 100),
});
const attachmentValueGetter = object({
  type: tag("attachment_value"),
  key: wordKey(1, 150),
});

/**
 * Tests the user's last message text.
 *
 * @category Models
 */
export interface MessageGetter {
  /** Discriminant. */
  type: "message";
}
/**
 * Schema of a message value getter.
 *
 * @example Parse a message value getter
 * ```ts
 * import * as v from "valibot";
 * import { MessageGetterSchema } from "@clustaar/webhook";
 * const messageGetter = v.parse(MessageGetterSchema, { type: "message" });
 * ```
 *
 * @category Models
 */
export const MessageGetterSchema: v.GenericSchema<MessageGetter> = messageGetter;
/**
 * Builds a message value getter.
 *
 * @example Build a message value getter
 * ```ts
 * import { MessageGetter } from "@clustaar/webhook";
 * const messageGetter = MessageGetter();
 * ```
 *
 * @category Models
 */
export const MessageGetter: (fields?: Fields<MessageGetter>) => MessageGetter = bare<
  MessageGetter
>("message");

/**
 * Tests a session value.
 *
 * @category Models
 */
export interface SessionValueGetter {
  /** Discriminant. */
  type: "session_value";
  /** The session key: 1 to 100 letters, digits or `_`. */
  key: string;
}
/**
 * Schema of a session value getter.
 *
 * @example Parse a session value getter
 * ```ts
 * import * as v from "valibot";
 * import { SessionValueGetterSchema } from "@clustaar/webhook";
 * const sessionValueGetter = v.parse(SessionValueGetterSchema, {
 *   type: "session_value",
 *   key: "name",
 * });
 * ```
 *
 * @category Models
 */
export const SessionValueGetterSchema: v.GenericSchema<SessionValueGetter> = sessionValueGetter;
/**
 * Builds a session value getter.
 *
 * @example Build a session value getter
 * ```ts
 * import { SessionValueGetter } from "@clustaar/webhook";
 * const sessionValueGetter = SessionValueGetter({ key: "name" });
 * ```
 *
 * @category Models
 */
export const SessionValueGetter: (fields: Fields<SessionValueGetter>) => SessionValueGetter =
  builder<SessionValueGetter>("session_value");

/**
 * Tests a user attribute.
 *
 * @category Models
 */
export interface UserAttributeGetter {
  /** Discriminant. */
  type: "user_attribute";
  /** The attribute key: 1 to 100 letters, digits or `_`. */
  key: string;
}
/**
 * Schema of a user attribute getter.
 *
 * @example Parse a user attribute getter
 * ```ts
 * import * as v from "valibot";
 * import { UserAttributeGetterSchema } from "@clustaar/webhook";
 * const userAttributeGetter = v.parse(UserAttributeGetterSchema, {
 *   type: "user_attribute",
 *   key: "plan",
 * });
 * ```
 *
 * @category Models
 */
export const UserAttributeGetterSchema: v.GenericSchema<UserAttributeGetter> = userAttributeGetter;
/**
 * Builds a user attribute getter.
 *
 * @example Build a user attribute getter
 * ```ts
 * import { UserAttributeGetter } from "@clustaar/webhook";
 * const userAttributeGetter = UserAttributeGetter({ key: "plan" });
 * ```
 *
 * @category Models
 */
export const UserAttributeGetter: (fields: Fields<UserAttributeGetter>) => UserAttributeGetter =
  builder<UserAttributeGetter>("user_attribute");

/**
 * Tests an attachment value.
 *
 * @category Models
 */
export interface AttachmentValueGetter {
  /** Discriminant. */
  type: "attachment_value";
  /** The attachment key: 1 to 150 letters, digits or `_`. */
  key: string;
}
/**
 * Schema of an attachment value getter.
 *
 * @example Parse an attachment value getter
 * ```ts
 * import * as v from "valibot";
 * import { AttachmentValueGetterSchema } from "@clustaar/webhook";
 * const attachmentValueGetter = v.parse(AttachmentValueGetterSchema, {
 *   type: "attachment_value",
 *   key: "invoice",
 * });
 * ```
 *
 * @category Models
 */
export const AttachmentValueGetterSchema: v.GenericSchema<AttachmentValueGetter> =
  attachmentValueGetter;
/**
 * Builds an attachment value getter.
 *
 * @example Build an attachment value getter
 * ```ts
 * import { AttachmentValueGetter } from "@clustaar/webhook";
 * const attachmentValueGetter = AttachmentValueGetter({ key: "invoice" });
 * ```
 *
 * @category Models
 */
export const AttachmentValueGetter: (
  fields: Fields<AttachmentValueGetter>,
) => AttachmentValueGetter = builder<AttachmentValueGetter>("attachment_value");

/**
 * What a connection predicate tests.
 *
 * @category Models
 */
export type ValueGetter =
  | MessageGetter
  | SessionValueGetter
  | UserAttributeGetter
  | AttachmentValueGetter;

const valueGetterVariant = variant([
  messageGetter,
  sessionValueGetter,
  userAttributeGetter,
  attachmentValueGetter,
]);
/**
 * Schema of any value getter, discriminated on `type`.
 *
 * @example Parse any value getter
 * ```ts
 * import * as v from "valibot";
 * import { ValueGetterSchema } from "@clustaar/webhook";
 * const valueGetter = v.parse(ValueGetterSchema, { type: "session_value", key: "name" });
 * ```
 *
 * @category Models
 */
export const ValueGetterSchema: v.GenericSchema<ValueGetter> = valueGetterVariant;

// -------------------------------------------------------------- conditions

/** Whether `pattern` compiles as Python's `re` compiles it. */
function compiles(pattern: string): boolean {
  return pythonRegExp(pattern) !== undefined;
}

const isSet = object({ type: tag("is_set") });
const isNotSet = object({ type: tag("is_not_set") });
const isNumber = object({ type: tag("is_number") });
const contains = object({
  type: tag("contains"),
  values: v.array(str, "expected a list"),
});
const equals = object({ type: tag("equals"), expected: str });
const matchRegexp = object({
  type: tag("match_regexp"),
  pattern: v.pipe(str, v.check(compiles, "expected a valid regular expression")),
});
/** @internal */
export const intentSchema = object({
  type: tag("intent"),
  id: objectId,
  name: str,
});
const matchIntent = object({ type: tag("match_intent"), intent: intentSchema });
const isLessThan = object({ type: tag("is_less_than"), maximum: num });
const isLessThanOrEqual = object({
  type: tag("is_less_than_or_equal"),
  maximum: num,
});
const isGreaterThan = object({
  type: tag("is_greater_than"),
  minimum: num,
});
const isGreaterThanOrEqual = object({
  type: tag("is_greater_than_or_equal"),
  minimum: num,
});
const isOnline = object({ type: tag("is_online") });
const isOffline = object({ type: tag("is_offline") });
const isLogged = object({ type: tag("is_logged") });
const isNotLogged = object({ type: tag("is_not_logged") });

/**
 * True when the tested value is set.
 *
 * @category Models
 */
export interface IsSetCondition {
  /** Discriminant. */
  type: "is_set";
}
/**
 * Schema of an is_set condition.
 *
 * @example Parse an is_set condition
 * ```ts
 * import * as v from "valibot";
 * import { IsSetConditionSchema } from "@clustaar/webhook";
 * const isSetCondition = v.parse(IsSetConditionSchema, { type: "is_set" });
 * ```
 *
 * @category Models
 */
export const IsSetConditionSchema: v.GenericSchema<IsSetCondition> = isSet;
/**
 * Builds an is_set condition.
 *
 * @example Build an is_set condition
 * ```ts
 * import { IsSetCondition } from "@clustaar/webhook";
 * const isSetCondition = IsSetCondition();
 * ```
 *
 * @category Models
 */
export const IsSetCondition: (fields?: Fields<IsSetCondition>) => IsSetCondition = bare<
  IsSetCondition
>("is_set");

/**
 * True when the tested value is not set.
 *
 * @category Models
 */
export interface IsNotSetCondition {
  /** Discriminant. */
  type: "is_not_set";
}
/**
 * Schema of an is_not_set condition.
 *
 * @example Parse an is_not_set condition
 * ```ts
 * import * as v from "valibot";
 * import { IsNotSetConditionSchema } from "@clustaar/webhook";
 * const isNotSetCondition = v.parse(IsNotSetConditionSchema, { type: "is_not_set" });
 * ```
 *
 * @category Models
 */
export const IsNotSetConditionSchema: v.GenericSchema<IsNotSetCondition> = isNotSet;
/**
 * Builds an is_not_set condition.
 *
 * @example Build an is_not_set condition
 * ```ts
 * import { IsNotSetCondition } from "@clustaar/webhook";
 * const isNotSetCondition = IsNotSetCondition();
 * ```
 *
 * @category Models
 */
export const IsNotSetCondition: (fields?: Fields<IsNotSetCondition>) => IsNotSetCondition = bare<
  IsNotSetCondition
>("is_not_set");

/**
 * True when the tested value is a number.
 *
 * @category Models
 */
export interface IsNumberCondition {
  /** Discriminant. */
  type: "is_number";
}
/**
 * Schema of an is_number condition.
 *
 * @example Parse an is_number condition
 * ```ts
 * import * as v from "valibot";
 * import { IsNumberConditionSchema } from "@clustaar/webhook";
 * const isNumberCondition = v.parse(IsNumberConditionSchema, { type: "is_number" });
 * ```
 *
 * @category Models
 */
export const IsNumberConditionSchema: v.GenericSchema<IsNumberCondition> = isNumber;
/**
 * Builds an is_number condition.
 *
 * @example Build an is_number condition
 * ```ts
 * import { IsNumberCondition } from "@clustaar/webhook";
 * const isNumberCondition = IsNumberCondition();
 * ```
 *
 * @category Models
 */
export const IsNumberCondition: (fields?: Fields<IsNumberCondition>) => IsNumberCondition = bare<
  IsNumberCondition
>("is_number");

/**
 * True when the tested value contains one of the values.
 *
 * @category Models
 */
export interface ContainsCondition {
  /** Discriminant. */
  type: "contains";
  /** The values to look for. */
  values: string[];
}
/**
 * Schema of a contains condition.
 *
 * @example Parse a contains condition
 * ```ts
 * import * as v from "valibot";
 * import { ContainsConditionSchema } from "@clustaar/webhook";
 * const containsCondition = v.parse(ContainsConditionSchema, {
 *   type: "contains",
 *   values: ["hello", "hi"],
 * });
 * ```
 *
 * @category Models
 */
export const ContainsConditionSchema: v.GenericSchema<ContainsCondition> = contains;
/**
 * Builds a contains condition.
 *
 * @example Build a contains condition
 * ```ts
 * import { ContainsCondition } from "@clustaar/webhook";
 * const containsCondition = ContainsCondition({ values: ["hello", "hi"] });
 * ```
 *
 * @category Models
 */
export const ContainsCondition: (fields: Fields<ContainsCondition>) => ContainsCondition = builder<
  ContainsCondition
>("contains");

/**
 * True when the tested value equals `expected`.
 *
 * @category Models
 */
export interface EqualsCondition {
  /** Discriminant. */
  type: "equals";
  /** The expected value. */
  expected: string;
}
/**
 * Schema of an equals condition.
 *
 * @example Parse an equals condition
 * ```ts
 * import * as v from "valibot";
 * import { EqualsConditionSchema } from "@clustaar/webhook";
 * const equalsCondition = v.parse(EqualsConditionSchema, { type: "equals", expected: "yes" });
 * ```
 *
 * @category Models
 */
export const EqualsConditionSchema: v.GenericSchema<EqualsCondition> = equals;
/**
 * Builds an equals condition.
 *
 * @example Build an equals condition
 * ```ts
 * import { EqualsCondition } from "@clustaar/webhook";
 * const equalsCondition = EqualsCondition({ expected: "yes" });
 * ```
 *
 * @category Models
 */
export const EqualsCondition: (fields: Fields<EqualsCondition>) => EqualsCondition = builder<
  EqualsCondition
>("equals");

/**
 * True when the tested value matches a regular expression.
 *
 * @category Models
 */
export interface MatchRegexpCondition {
  /** Discriminant. */
  type: "match_regexp";
  /** A regular expression (Python syntax on the platform). */
  pattern: string;
}
/**
 * Schema of a match_regexp condition.
 *
 * @example Parse a match_regexp condition
 * ```ts
 * import * as v from "valibot";
 * import { MatchRegexpConditionSchema } from "@clustaar/webhook";
 * const matchRegexpCondition = v.parse(MatchRegexpConditionSchema, {
 *   type: "match_regexp",
 *   pattern: "^\\d{5}$",
 * });
 * ```
 *
 * @category Models
 */
export const MatchRegexpConditionSchema: v.GenericSchema<MatchRegexpCondition> = matchRegexp;
/**
 * Builds a match_regexp condition.
 *
 * @example Build a match_regexp condition
 * ```ts
 * import { MatchRegexpCondition } from "@clustaar/webhook";
 * const matchRegexpCondition = MatchRegexpCondition({ pattern: "^\\d{5}$" });
 * ```
 *
 * @category Models
 */
export const MatchRegexpCondition: (fields: Fields<MatchRegexpCondition>) => MatchRegexpCondition =
  builder<MatchRegexpCondition>("match_regexp");

/**
 * A reference to an NLU intent, as embedded in a `match_intent` condition and
 * in a satisfaction choice's `matchingIntent`.
 *
 * @category Models
 */
export interface Intent {
  /** Discriminant. */
  type: "intent";
  /** Object id of the intent. */
  id: string;
  /**
   * The intent's name. Read-only: the platform ignores it when it receives
   * it, but it is required (send back the name the notification carried).
   */
  name: string;
}
/**
 * Schema of an intent reference.
 *
 * @example Parse an intent reference
 * ```ts
 * import * as v from "valibot";
 * import { IntentSchema } from "@clustaar/webhook";
 * const intent = v.parse(IntentSchema, {
 *   type: "intent",
 *   id: "a1a1a1a1a1a1a1a1a1a1a1a1",
 *   name: "greeting",
 * });
 * ```
 *
 * @category Models
 */
export const IntentSchema: v.GenericSchema<Intent> = intentSchema;
/**
 * Builds an intent reference.
 *
 * @example Build an intent reference
 * ```ts
 * import { Intent } from "@clustaar/webhook";
 * const intent = Intent({ id: "a1a1a1a1a1a1a1a1a1a1a1a1", name: "greeting" });
 * ```
 *
 * @category Models
 */
export const Intent: (fields: Fields<Intent>) => Intent = builder<Intent>("intent");

/**
 * True when the user's message matches an intent.
 *
 * @category Models
 */
export interface MatchIntentCondition {
  /** Discriminant. */
  type: "match_intent";
  /** The intent to match. */
  intent: Intent;
}
/**
 * Schema of a match_intent condition.
 *
 * @example Parse a match_intent condition
 * ```ts
 * import * as v from "valibot";
 * import { MatchIntentConditionSchema } from "@clustaar/webhook";
 * const matchIntentCondition = v.parse(MatchIntentConditionSchema, {
 *   type: "match_intent",
 *   intent: { type: "intent", id: "a1a1a1a1a1a1a1a1a1a1a1a1", name: "greeting" },
 * });
 * ```
 *
 * @category Models
 */
export const MatchIntentConditionSchema: v.GenericSchema<MatchIntentCondition> = matchIntent;
/**
 * Builds a match_intent condition.
 *
 * @example Build a match_intent condition
 * ```ts
 * import { MatchIntentCondition } from "@clustaar/webhook";
 * const matchIntentCondition = MatchIntentCondition({
 *   intent: { type: "intent", id: "a1a1a1a1a1a1a1a1a1a1a1a1", name: "greeting" },
 * });
 * ```
 *
 * @category Models
 */
export const MatchIntentCondition: (fields: Fields<MatchIntentCondition>) => MatchIntentCondition =
  builder<MatchIntentCondition>("match_intent");

/**
 * True when the tested value is less than `maximum`.
 *
 * @category Models
 */
export interface IsLessThanCondition {
  /** Discriminant. */
  type: "is_less_than";
  /** The bound. */
  maximum: number;
}
/**
 * Schema of an is_less_than condition.
 *
 * @example Parse an is_less_than condition
 * ```ts
 * import * as v from "valibot";
 * import { IsLessThanConditionSchema } from "@clustaar/webhook";
 * const isLessThanCondition = v.parse(IsLessThanConditionSchema, {
 *   type: "is_less_than",
 *   maximum: 10,
 * });
 * ```
 *
 * @category Models
 */
export const IsLessThanConditionSchema: v.GenericSchema<IsLessThanCondition> = isLessThan;
/**
 * Builds an is_less_than condition.
 *
 * @example Build an is_less_than condition
 * ```ts
 * import { IsLessThanCondition } from "@clustaar/webhook";
 * const isLessThanCondition = IsLessThanCondition({ maximum: 10 });
 * ```
 *
 * @category Models
 */
export const IsLessThanCondition: (fields: Fields<IsLessThanCondition>) => IsLessThanCondition =
  builder<IsLessThanCondition>("is_less_than");

/**
 * True when the tested value is less than or equal to `maximum`.
 *
 * @category Models
 */
export interface IsLessThanOrEqualCondition {
  /** Discriminant. */
  type: "is_less_than_or_equal";
  /** The bound. */
  maximum: number;
}
/**
 * Schema of an is_less_than_or_equal condition.
 *
 * @example Parse an is_less_than_or_equal condition
 * ```ts
 * import * as v from "valibot";
 * import { IsLessThanOrEqualConditionSchema } from "@clustaar/webhook";
 * const isLessThanOrEqualCondition = v.parse(IsLessThanOrEqualConditionSchema, {
 *   type: "is_less_than_or_equal",
 *   maximum: 10,
 * });
 * ```
 *
 * @category Models
 */
export const IsLessThanOrEqualConditionSchema: v.GenericSchema<IsLessThanOrEqualCondition> =
  isLessThanOrEqual;
/**
 * Builds an is_less_than_or_equal condition.
 *
 * @example Build an is_less_than_or_equal condition
 * ```ts
 * import { IsLessThanOrEqualCondition } from "@clustaar/webhook";
 * const isLessThanOrEqualCondition = IsLessThanOrEqualCondition({ maximum: 10 });
 * ```
 *
 * @category Models
 */
export const IsLessThanOrEqualCondition: (
  fields: Fields<IsLessThanOrEqualCondition>,
) => IsLessThanOrEqualCondition = builder<IsLessThanOrEqualCondition>("is_less_than_or_equal");

/**
 * True when the tested value is greater than `minimum`.
 *
 * @category Models
 */
export interface IsGreaterThanCondition {
  /** Discriminant. */
  type: "is_greater_than";
  /** The bound. */
  minimum: number;
}
/**
 * Schema of an is_greater_than condition.
 *
 * @example Parse an is_greater_than condition
 * ```ts
 * import * as v from "valibot";
 * import { IsGreaterThanConditionSchema } from "@clustaar/webhook";
 * const isGreaterThanCondition = v.parse(IsGreaterThanConditionSchema, {
 *   type: "is_greater_than",
 *   minimum: 18,
 * });
 * ```
 *
 * @category Models
 */
export const IsGreaterThanConditionSchema: v.GenericSchema<IsGreaterThanCondition> = isGreaterThan;
/**
 * Builds an is_greater_than condition.
 *
 * @example Build an is_greater_than condition
 * ```ts
 * import { IsGreaterThanCondition } from "@clustaar/webhook";
 * const isGreaterThanCondition = IsGreaterThanCondition({ minimum: 18 });
 * ```
 *
 * @category Models
 */
export const IsGreaterThanCondition: (
  fields: Fields<IsGreaterThanCondition>,
) => IsGreaterThanCondition = builder<IsGreaterThanCondition>("is_greater_than");

/**
 * True when the tested value is greater than or equal to `minimum`.
 *
 * @category Models
 */
export interface IsGreaterThanOrEqualCondition {
  /** Discriminant. */
  type: "is_greater_than_or_equal";
  /** The bound. */
  minimum: number;
}
/**
 * Schema of an is_greater_than_or_equal condition.
 *
 * @example Parse an is_greater_than_or_equal condition
 * ```ts
 * import * as v from "valibot";
 * import { IsGreaterThanOrEqualConditionSchema } from "@clustaar/webhook";
 * const isGreaterThanOrEqualCondition = v.parse(IsGreaterThanOrEqualConditionSchema, {
 *   type: "is_greater_than_or_equal",
 *   minimum: 18,
 * });
 * ```
 *
 * @category Models
 */
export const IsGreaterThanOrEqualConditionSchema: v.GenericSchema<IsGreaterThanOrEqualCondition> =
  isGreaterThanOrEqual;
/**
 * Builds an is_greater_than_or_equal condition.
 *
 * @example Build an is_greater_than_or_equal condition
 * ```ts
 * import { IsGreaterThanOrEqualCondition } from "@clustaar/webhook";
 * const isGreaterThanOrEqualCondition = IsGreaterThanOrEqualCondition({ minimum: 18 });
 * ```
 *
 * @category Models
 */
export const IsGreaterThanOrEqualCondition: (
  fields: Fields<IsGreaterThanOrEqualCondition>,
) => IsGreaterThanOrEqualCondition = builder<IsGreaterThanOrEqualCondition>(
  "is_greater_than_or_equal",
);

/**
 * True when the support team is online.
 *
 * @category Models
 */
export interface IsOnlineCondition {
  /** Discriminant. */
  type: "is_online";
}
/**
 * Schema of an is_online condition.
 *
 * @example Parse an is_online condition
 * ```ts
 * import * as v from "valibot";
 * import { IsOnlineConditionSchema } from "@clustaar/webhook";
 * const isOnlineCondition = v.parse(IsOnlineConditionSchema, { type: "is_online" });
 * ```
 *
 * @category Models
 */
export const IsOnlineConditionSchema: v.GenericSchema<IsOnlineCondition> = isOnline;
/**
 * Builds an is_online condition.
 *
 * @example Build an is_online condition
 * ```ts
 * import { IsOnlineCondition } from "@clustaar/webhook";
 * const isOnlineCondition = IsOnlineCondition();
 * ```
 *
 * @category Models
 */
export const IsOnlineCondition: (fields?: Fields<IsOnlineCondition>) => IsOnlineCondition = bare<
  IsOnlineCondition
>("is_online");

/**
 * True when the support team is offline.
 *
 * @category Models
 */
export interface IsOfflineCondition {
  /** Discriminant. */
  type: "is_offline";
}
/**
 * Schema of an is_offline condition.
 *
 * @example Parse an is_offline condition
 * ```ts
 * import * as v from "valibot";
 * import { IsOfflineConditionSchema } from "@clustaar/webhook";
 * const isOfflineCondition = v.parse(IsOfflineConditionSchema, { type: "is_offline" });
 * ```
 *
 * @category Models
 */
export const IsOfflineConditionSchema: v.GenericSchema<IsOfflineCondition> = isOffline;
/**
 * Builds an is_offline condition.
 *
 * @example Build an is_offline condition
 * ```ts
 * import { IsOfflineCondition } from "@clustaar/webhook";
 * const isOfflineCondition = IsOfflineCondition();
 * ```
 *
 * @category Models
 */
export const IsOfflineCondition: (fields?: Fields<IsOfflineCondition>) => IsOfflineCondition = bare<
  IsOfflineCondition
>("is_offline");

/**
 * True when the user is logged in.
 *
 * @category Models
 */
export interface IsLoggedCondition {
  /** Discriminant. */
  type: "is_logged";
}
/**
 * Schema of an is_logged condition.
 *
 * @example Parse an is_logged condition
 * ```ts
 * import * as v from "valibot";
 * import { IsLoggedConditionSchema } from "@clustaar/webhook";
 * const isLoggedCondition = v.parse(IsLoggedConditionSchema, { type: "is_logged" });
 * ```
 *
 * @category Models
 */
export const IsLoggedConditionSchema: v.GenericSchema<IsLoggedCondition> = isLogged;
/**
 * Builds an is_logged condition.
 *
 * @example Build an is_logged condition
 * ```ts
 * import { IsLoggedCondition } from "@clustaar/webhook";
 * const isLoggedCondition = IsLoggedCondition();
 * ```
 *
 * @category Models
 */
export const IsLoggedCondition: (fields?: Fields<IsLoggedCondition>) => IsLoggedCondition = bare<
  IsLoggedCondition
>("is_logged");

/**
 * True when the user is not logged in.
 *
 * @category Models
 */
export interface IsNotLoggedCondition {
  /** Discriminant. */
  type: "is_not_logged";
}
/**
 * Schema of an is_not_logged condition.
 *
 * @example Parse an is_not_logged condition
 * ```ts
 * import * as v from "valibot";
 * import { IsNotLoggedConditionSchema } from "@clustaar/webhook";
 * const isNotLoggedCondition = v.parse(IsNotLoggedConditionSchema, { type: "is_not_logged" });
 * ```
 *
 * @category Models
 */
export const IsNotLoggedConditionSchema: v.GenericSchema<IsNotLoggedCondition> = isNotLogged;
/**
 * Builds an is_not_logged condition.
 *
 * @example Build an is_not_logged condition
 * ```ts
 * import { IsNotLoggedCondition } from "@clustaar/webhook";
 * const isNotLoggedCondition = IsNotLoggedCondition();
 * ```
 *
 * @category Models
 */
export const IsNotLoggedCondition: (fields?: Fields<IsNotLoggedCondition>) => IsNotLoggedCondition =
  bare<IsNotLoggedCondition>("is_not_logged");

/**
 * A condition on a value: what a connection_predicate accepts.
 *
 * @category Models
 */
export type ValueCondition =
  | IsNotSetCondition
  | IsSetCondition
  | ContainsCondition
  | EqualsCondition
  | MatchRegexpCondition
  | MatchIntentCondition
  | IsLessThanCondition
  | IsLessThanOrEqualCondition
  | IsGreaterThanCondition
  | IsGreaterThanOrEqualCondition
  | IsNumberCondition;
/**
 * A condition on the support team's availability.
 *
 * @category Models
 */
export type TeamCondition = IsOnlineCondition | IsOfflineCondition;
/**
 * A condition on the user's login state.
 *
 * @category Models
 */
export type UserCondition = IsLoggedCondition | IsNotLoggedCondition;
/**
 * Any condition.
 *
 * @category Models
 */
export type Condition = ValueCondition | TeamCondition | UserCondition;

const valueConditionOptions = [
  isNotSet,
  isSet,
  contains,
  equals,
  matchRegexp,
  matchIntent,
  isLessThan,
  isLessThanOrEqual,
  isGreaterThan,
  isGreaterThanOrEqual,
  isNumber,
] as const;
const valueCondition = variant([...valueConditionOptions]);
const teamCondition = variant([isOnline, isOffline]);
const userCondition = variant([isLogged, isNotLogged]);
const anyCondition = variant([
  ...valueConditionOptions,
  isOnline,
  isOffline,
  isLogged,
  isNotLogged,
]);

/**
 * Schema of any condition, discriminated on `type`.
 *
 * @example Validate a condition
 * ```ts
 * import * as v from "valibot";
 * import { ConditionSchema } from "@clustaar/webhook";
 * const ok = v.is(ConditionSchema, { type: "equals", expected: "yes" });
 * ```
 *
 * @category Models
 */
export const ConditionSchema: v.GenericSchema<Condition> = anyCondition;
/**
 * Schema of a condition on a value.
 *
 * @example Parse a condition on a value
 * ```ts
 * import * as v from "valibot";
 * import { ValueConditionSchema } from "@clustaar/webhook";
 * const valueCondition = v.parse(ValueConditionSchema, { type: "equals", expected: "yes" });
 * ```
 *
 * @category Models
 */
export const ValueConditionSchema: v.GenericSchema<ValueCondition> = valueCondition;
/**
 * Schema of a condition on the team's availability.
 *
 * @example Parse a condition on the team's availability
 * ```ts
 * import * as v from "valibot";
 * import { TeamConditionSchema } from "@clustaar/webhook";
 * const teamCondition = v.parse(TeamConditionSchema, { type: "is_offline" });
 * ```
 *
 * @category Models
 */
export const TeamConditionSchema: v.GenericSchema<TeamCondition> = teamCondition;
/**
 * Schema of a condition on the user's login state.
 *
 * @example Parse a condition on the user's login state
 * ```ts
 * import * as v from "valibot";
 * import { UserConditionSchema } from "@clustaar/webhook";
 * const userCondition = v.parse(UserConditionSchema, { type: "is_not_logged" });
 * ```
 *
 * @category Models
 */
export const UserConditionSchema: v.GenericSchema<UserCondition> = userCondition;

// --------------------------------------------------------------- predicates

const connectionPredicate = object({
  type: tag("connection_predicate"),
  condition: valueCondition,
  valueGetter: valueGetterVariant,
});
const connectionTeamPredicate = object({
  type: tag("connection_team_predicate"),
  condition: teamCondition,
});
const connectionUserPredicate = object({
  type: tag("connection_user_predicate"),
  condition: userCondition,
});

/**
 * Tests a value (message, session value, attribute) against a condition.
 *
 * @category Models
 */
export interface ConnectionPredicate {
  /** Discriminant. */
  type: "connection_predicate";
  /** The condition the value must meet. */
  condition: ValueCondition;
  /** Which value is tested. */
  valueGetter: ValueGetter;
}
/**
 * Schema of a connection predicate.
 *
 * @example Parse a connection predicate
 * ```ts
 * import * as v from "valibot";
 * import { ConnectionPredicateSchema } from "@clustaar/webhook";
 * const connectionPredicate = v.parse(ConnectionPredicateSchema, {
 *   type: "connection_predicate",
 *   condition: { type: "is_set" },
 *   valueGetter: { type: "message" },
 * });
 * ```
 *
 * @category Models
 */
export const ConnectionPredicateSchema: v.GenericSchema<ConnectionPredicate> = connectionPredicate;
/**
 * Builds a connection predicate.
 *
 * @example Build a connection predicate
 * ```ts
 * import { ConnectionPredicate } from "@clustaar/webhook";
 * const connectionPredicate = ConnectionPredicate({
 *   condition: { type: "is_set" },
 *   valueGetter: { type: "message" },
 * });
 * ```
 *
 * @category Models
 */
export const ConnectionPredicate: (fields: Fields<ConnectionPredicate>) => ConnectionPredicate =
  builder<ConnectionPredicate>("connection_predicate");

/**
 * Tests the support team's availability.
 *
 * @category Models
 */
export interface ConnectionTeamPredicate {
  /** Discriminant. */
  type: "connection_team_predicate";
  /** is_online or is_offline. */
  condition: TeamCondition;
}
/**
 * Schema of a team predicate.
 *
 * @example Parse a team predicate
 * ```ts
 * import * as v from "valibot";
 * import { ConnectionTeamPredicateSchema } from "@clustaar/webhook";
 * const connectionTeamPredicate = v.parse(ConnectionTeamPredicateSchema, {
 *   type: "connection_team_predicate",
 *   condition: { type: "is_online" },
 * });
 * ```
 *
 * @category Models
 */
export const ConnectionTeamPredicateSchema: v.GenericSchema<ConnectionTeamPredicate> =
  connectionTeamPredicate;
/**
 * Builds a team predicate.
 *
 * @example Build a team predicate
 * ```ts
 * import { ConnectionTeamPredicate } from "@clustaar/webhook";
 * const connectionTeamPredicate = ConnectionTeamPredicate({ condition: { type: "is_online" } });
 * ```
 *
 * @category Models
 */
export const ConnectionTeamPredicate: (
  fields: Fields<ConnectionTeamPredicate>,
) => ConnectionTeamPredicate = builder<ConnectionTeamPredicate>("connection_team_predicate");

/**
 * Tests the user's login state.
 *
 * @category Models
 */
export interface ConnectionUserPredicate {
  /** Discriminant. */
  type: "connection_user_predicate";
  /** is_logged or is_not_logged. */
  condition: UserCondition;
}
/**
 * Schema of a user predicate.
 *
 * @example Parse a user predicate
 * ```ts
 * import * as v from "valibot";
 * import { ConnectionUserPredicateSchema } from "@clustaar/webhook";
 * const connectionUserPredicate = v.parse(ConnectionUserPredicateSchema, {
 *   type: "connection_user_predicate",
 *   condition: { type: "is_logged" },
 * });
 * ```
 *
 * @category Models
 */
export const ConnectionUserPredicateSchema: v.GenericSchema<ConnectionUserPredicate> =
  connectionUserPredicate;
/**
 * Builds a user predicate.
 *
 * @example Build a user predicate
 * ```ts
 * import { ConnectionUserPredicate } from "@clustaar/webhook";
 * const connectionUserPredicate = ConnectionUserPredicate({ condition: { type: "is_logged" } });
 * ```
 *
 * @category Models
 */
export const ConnectionUserPredicate: (
  fields: Fields<ConnectionUserPredicate>,
) => ConnectionUserPredicate = builder<ConnectionUserPredicate>("connection_user_predicate");

/**
 * Any of the three predicates.
 *
 * @category Models
 */
export type Predicate = ConnectionPredicate | ConnectionTeamPredicate | ConnectionUserPredicate;
const predicateVariant = variant([
  connectionPredicate,
  connectionTeamPredicate,
  connectionUserPredicate,
]);
/**
 * Schema of any predicate, discriminated on `type`.
 *
 * @example Parse any predicate
 * ```ts
 * import * as v from "valibot";
 * import { PredicateSchema } from "@clustaar/webhook";
 * const predicate = v.parse(PredicateSchema, {
 *   type: "connection_team_predicate",
 *   condition: { type: "is_online" },
 * });
 * ```
 *
 * @category Models
 */
export const PredicateSchema: v.GenericSchema<Predicate> = predicateVariant;

// --------------------------------------------------------- flow connection

/** @internal The flow connection schema, for composition. */
export const flowConnection = object({
  type: tag("flow_connection"),
  target: targetVariant,
  predicates: list(predicateVariant, 1, 10),
});

/**
 * A way out of a jump: the target, taken when all predicates hold.
 *
 * @category Models
 */
export interface FlowConnection {
  /** Discriminant. */
  type: "flow_connection";
  /** Where to go. */
  target: Target;
  /** 1 to 10 predicates, all of which must hold. */
  predicates: Predicate[];
}
/**
 * Schema of a flow connection.
 *
 * @example Validate a connection
 * ```ts
 * import * as v from "valibot";
 * import { FlowConnectionSchema } from "@clustaar/webhook";
 * const ok = v.is(FlowConnectionSchema, {
 *   type: "flow_connection",
 *   target: { type: "step", id: "a1a1a1a1a1a1a1a1a1a1a1a1" },
 *   predicates: [{ type: "connection_team_predicate", condition: { type: "is_online" } }],
 * });
 * ```
 *
 * @category Models
 */
export const FlowConnectionSchema: v.GenericSchema<FlowConnection> = flowConnection;
/**
 * Builds a flow connection.
 *
 * @example Build a flow connection
 * ```ts
 * import { FlowConnection } from "@clustaar/webhook";
 * const flowConnection = FlowConnection({
 *   target: { type: "step", id: "a1a1a1a1a1a1a1a1a1a1a1a1" },
 *   predicates: [{ type: "connection_team_predicate", condition: { type: "is_online" } }],
 * });
 * ```
 *
 * @category Models
 */
export const FlowConnection: (fields: Fields<FlowConnection>) => FlowConnection = builder<
  FlowConnection
>("flow_connection");
