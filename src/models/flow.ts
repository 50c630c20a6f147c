/**
 * Targets and conditions: where a flow goes (step and story targets), what a
 * connection tests (value getters and conditions), and the flow connections
 * that jump_to_action and AI behaviours are made of.
 *
 * @module
 */
import * as v from "valibot";
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

/** A target that is a bot step. */
export interface StepTarget {
  /** Discriminant. */
  type: "step";
  /** Object id of the step (24 characters of `[a-z0-9]`). */
  id: string;
  /** Name of the step, for humans. */
  name?: string | null;
}
/** Schema of a step target. */
export const StepTargetSchema: v.GenericSchema<StepTarget> = stepTarget;
/** Builds a step target. */
export const StepTarget: (fields: Fields<StepTarget>) => StepTarget = builder<StepTarget>("step");

/** A target that is a story (a group of steps). */
export interface StoryTarget {
  /** Discriminant. */
  type: "story";
  /** Object id of the story (24 characters of `[a-z0-9]`). */
  id: string;
  /** Name of the story, for humans. */
  name?: string | null;
}
/** Schema of a story target. */
export const StoryTargetSchema: v.GenericSchema<StoryTarget> = storyTarget;
/** Builds a story target. */
export const StoryTarget: (fields: Fields<StoryTarget>) => StoryTarget = builder<StoryTarget>(
  "story",
);

/** Where a button, a connection or a choice leads: a step or a story. */
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

/** Tests the user's last message text. */
export interface MessageGetter {
  /** Discriminant. */
  type: "message";
}
/** Schema of a message value getter. */
export const MessageGetterSchema: v.GenericSchema<MessageGetter> = messageGetter;
/** Builds a message value getter. */
export const MessageGetter: (fields?: Fields<MessageGetter>) => MessageGetter = bare<
  MessageGetter
>("message");

/** Tests a session value. */
export interface SessionValueGetter {
  /** Discriminant. */
  type: "session_value";
  /** The session key: 1 to 100 letters, digits or `_`. */
  key: string;
}
/** Schema of a session value getter. */
export const SessionValueGetterSchema: v.GenericSchema<SessionValueGetter> = sessionValueGetter;
/** Builds a session value getter. */
export const SessionValueGetter: (fields: Fields<SessionValueGetter>) => SessionValueGetter =
  builder<SessionValueGetter>("session_value");

/** Tests a user attribute. */
export interface UserAttributeGetter {
  /** Discriminant. */
  type: "user_attribute";
  /** The attribute key: 1 to 100 letters, digits or `_`. */
  key: string;
}
/** Schema of a user attribute getter. */
export const UserAttributeGetterSchema: v.GenericSchema<UserAttributeGetter> = userAttributeGetter;
/** Builds a user attribute getter. */
export const UserAttributeGetter: (fields: Fields<UserAttributeGetter>) => UserAttributeGetter =
  builder<UserAttributeGetter>("user_attribute");

/** Tests an attachment value. */
export interface AttachmentValueGetter {
  /** Discriminant. */
  type: "attachment_value";
  /** The attachment key: 1 to 150 letters, digits or `_`. */
  key: string;
}
/** Schema of an attachment value getter. */
export const AttachmentValueGetterSchema: v.GenericSchema<AttachmentValueGetter> =
  attachmentValueGetter;
/** Builds an attachment value getter. */
export const AttachmentValueGetter: (
  fields: Fields<AttachmentValueGetter>,
) => AttachmentValueGetter = builder<AttachmentValueGetter>("attachment_value");

/** What a connection predicate tests. */
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
/** Schema of any value getter, discriminated on `type`. */
export const ValueGetterSchema: v.GenericSchema<ValueGetter> = valueGetterVariant;

// -------------------------------------------------------------- conditions

/** Whether `pattern` compiles as a (Python-flavoured) regular expression. */
function compiles(pattern: string): boolean {
  const js = pattern.replace(/\(\?P</g, "(?<").replace(/\(\?P=(\w+)\)/g, "\\k<$1>");
  try {
    new RegExp(js);
    return true;
  } catch {
    return false;
  }
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

/** True when the tested value is set. */
export interface IsSetCondition {
  /** Discriminant. */
  type: "is_set";
}
/** Schema of an is_set condition. */
export const IsSetConditionSchema: v.GenericSchema<IsSetCondition> = isSet;
/** Builds an is_set condition. */
export const IsSetCondition: (fields?: Fields<IsSetCondition>) => IsSetCondition = bare<
  IsSetCondition
>("is_set");

/** True when the tested value is not set. */
export interface IsNotSetCondition {
  /** Discriminant. */
  type: "is_not_set";
}
/** Schema of an is_not_set condition. */
export const IsNotSetConditionSchema: v.GenericSchema<IsNotSetCondition> = isNotSet;
/** Builds an is_not_set condition. */
export const IsNotSetCondition: (fields?: Fields<IsNotSetCondition>) => IsNotSetCondition = bare<
  IsNotSetCondition
>("is_not_set");

/** True when the tested value is a number. */
export interface IsNumberCondition {
  /** Discriminant. */
  type: "is_number";
}
/** Schema of an is_number condition. */
export const IsNumberConditionSchema: v.GenericSchema<IsNumberCondition> = isNumber;
/** Builds an is_number condition. */
export const IsNumberCondition: (fields?: Fields<IsNumberCondition>) => IsNumberCondition = bare<
  IsNumberCondition
>("is_number");

/** True when the tested value contains one of the values. */
export interface ContainsCondition {
  /** Discriminant. */
  type: "contains";
  /** The values to look for. */
  values: string[];
}
/** Schema of a contains condition. */
export const ContainsConditionSchema: v.GenericSchema<ContainsCondition> = contains;
/** Builds a contains condition. */
export const ContainsCondition: (fields: Fields<ContainsCondition>) => ContainsCondition = builder<
  ContainsCondition
>("contains");

/** True when the tested value equals `expected`. */
export interface EqualsCondition {
  /** Discriminant. */
  type: "equals";
  /** The expected value. */
  expected: string;
}
/** Schema of an equals condition. */
export const EqualsConditionSchema: v.GenericSchema<EqualsCondition> = equals;
/** Builds an equals condition. */
export const EqualsCondition: (fields: Fields<EqualsCondition>) => EqualsCondition = builder<
  EqualsCondition
>("equals");

/** True when the tested value matches a regular expression. */
export interface MatchRegexpCondition {
  /** Discriminant. */
  type: "match_regexp";
  /** A regular expression (Python syntax on the platform). */
  pattern: string;
}
/** Schema of a match_regexp condition. */
export const MatchRegexpConditionSchema: v.GenericSchema<MatchRegexpCondition> = matchRegexp;
/** Builds a match_regexp condition. */
export const MatchRegexpCondition: (fields: Fields<MatchRegexpCondition>) => MatchRegexpCondition =
  builder<MatchRegexpCondition>("match_regexp");

/**
 * A reference to an NLU intent, as embedded in a `match_intent` condition and
 * in a satisfaction choice's `matchingIntent`.
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
/** Schema of an intent reference. */
export const IntentSchema: v.GenericSchema<Intent> = intentSchema;
/** Builds an intent reference. */
export const Intent: (fields: Fields<Intent>) => Intent = builder<Intent>("intent");

/** True when the user's message matches an intent. */
export interface MatchIntentCondition {
  /** Discriminant. */
  type: "match_intent";
  /** The intent to match. */
  intent: Intent;
}
/** Schema of a match_intent condition. */
export const MatchIntentConditionSchema: v.GenericSchema<MatchIntentCondition> = matchIntent;
/** Builds a match_intent condition. */
export const MatchIntentCondition: (fields: Fields<MatchIntentCondition>) => MatchIntentCondition =
  builder<MatchIntentCondition>("match_intent");

/** True when the tested value is less than `maximum`. */
export interface IsLessThanCondition {
  /** Discriminant. */
  type: "is_less_than";
  /** The bound. */
  maximum: number;
}
/** Schema of an is_less_than condition. */
export const IsLessThanConditionSchema: v.GenericSchema<IsLessThanCondition> = isLessThan;
/** Builds an is_less_than condition. */
export const IsLessThanCondition: (fields: Fields<IsLessThanCondition>) => IsLessThanCondition =
  builder<IsLessThanCondition>("is_less_than");

/** True when the tested value is less than or equal to `maximum`. */
export interface IsLessThanOrEqualCondition {
  /** Discriminant. */
  type: "is_less_than_or_equal";
  /** The bound. */
  maximum: number;
}
/** Schema of an is_less_than_or_equal condition. */
export const IsLessThanOrEqualConditionSchema: v.GenericSchema<IsLessThanOrEqualCondition> =
  isLessThanOrEqual;
/** Builds an is_less_than_or_equal condition. */
export const IsLessThanOrEqualCondition: (
  fields: Fields<IsLessThanOrEqualCondition>,
) => IsLessThanOrEqualCondition = builder<IsLessThanOrEqualCondition>("is_less_than_or_equal");

/** True when the tested value is greater than `minimum`. */
export interface IsGreaterThanCondition {
  /** Discriminant. */
  type: "is_greater_than";
  /** The bound. */
  minimum: number;
}
/** Schema of an is_greater_than condition. */
export const IsGreaterThanConditionSchema: v.GenericSchema<IsGreaterThanCondition> = isGreaterThan;
/** Builds an is_greater_than condition. */
export const IsGreaterThanCondition: (
  fields: Fields<IsGreaterThanCondition>,
) => IsGreaterThanCondition = builder<IsGreaterThanCondition>("is_greater_than");

/** True when the tested value is greater than or equal to `minimum`. */
export interface IsGreaterThanOrEqualCondition {
  /** Discriminant. */
  type: "is_greater_than_or_equal";
  /** The bound. */
  minimum: number;
}
/** Schema of an is_greater_than_or_equal condition. */
export const IsGreaterThanOrEqualConditionSchema: v.GenericSchema<IsGreaterThanOrEqualCondition> =
  isGreaterThanOrEqual;
/** Builds an is_greater_than_or_equal condition. */
export const IsGreaterThanOrEqualCondition: (
  fields: Fields<IsGreaterThanOrEqualCondition>,
) => IsGreaterThanOrEqualCondition = builder<IsGreaterThanOrEqualCondition>(
  "is_greater_than_or_equal",
);

/** True when the support team is online. */
export interface IsOnlineCondition {
  /** Discriminant. */
  type: "is_online";
}
/** Schema of an is_online condition. */
export const IsOnlineConditionSchema: v.GenericSchema<IsOnlineCondition> = isOnline;
/** Builds an is_online condition. */
export const IsOnlineCondition: (fields?: Fields<IsOnlineCondition>) => IsOnlineCondition = bare<
  IsOnlineCondition
>("is_online");

/** True when the support team is offline. */
export interface IsOfflineCondition {
  /** Discriminant. */
  type: "is_offline";
}
/** Schema of an is_offline condition. */
export const IsOfflineConditionSchema: v.GenericSchema<IsOfflineCondition> = isOffline;
/** Builds an is_offline condition. */
export const IsOfflineCondition: (fields?: Fields<IsOfflineCondition>) => IsOfflineCondition = bare<
  IsOfflineCondition
>("is_offline");

/** True when the user is logged in. */
export interface IsLoggedCondition {
  /** Discriminant. */
  type: "is_logged";
}
/** Schema of an is_logged condition. */
export const IsLoggedConditionSchema: v.GenericSchema<IsLoggedCondition> = isLogged;
/** Builds an is_logged condition. */
export const IsLoggedCondition: (fields?: Fields<IsLoggedCondition>) => IsLoggedCondition = bare<
  IsLoggedCondition
>("is_logged");

/** True when the user is not logged in. */
export interface IsNotLoggedCondition {
  /** Discriminant. */
  type: "is_not_logged";
}
/** Schema of an is_not_logged condition. */
export const IsNotLoggedConditionSchema: v.GenericSchema<IsNotLoggedCondition> = isNotLogged;
/** Builds an is_not_logged condition. */
export const IsNotLoggedCondition: (fields?: Fields<IsNotLoggedCondition>) => IsNotLoggedCondition =
  bare<IsNotLoggedCondition>("is_not_logged");

/** A condition on a value: what a connection_predicate accepts. */
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
/** A condition on the support team's availability. */
export type TeamCondition = IsOnlineCondition | IsOfflineCondition;
/** A condition on the user's login state. */
export type UserCondition = IsLoggedCondition | IsNotLoggedCondition;
/** Any condition. */
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
 */
export const ConditionSchema: v.GenericSchema<Condition> = anyCondition;
/** Schema of a condition on a value. */
export const ValueConditionSchema: v.GenericSchema<ValueCondition> = valueCondition;
/** Schema of a condition on the team's availability. */
export const TeamConditionSchema: v.GenericSchema<TeamCondition> = teamCondition;
/** Schema of a condition on the user's login state. */
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

/** Tests a value (message, session value, attribute) against a condition. */
export interface ConnectionPredicate {
  /** Discriminant. */
  type: "connection_predicate";
  /** The condition the value must meet. */
  condition: ValueCondition;
  /** Which value is tested. */
  valueGetter: ValueGetter;
}
/** Schema of a connection predicate. */
export const ConnectionPredicateSchema: v.GenericSchema<ConnectionPredicate> = connectionPredicate;
/** Builds a connection predicate. */
export const ConnectionPredicate: (fields: Fields<ConnectionPredicate>) => ConnectionPredicate =
  builder<ConnectionPredicate>("connection_predicate");

/** Tests the support team's availability. */
export interface ConnectionTeamPredicate {
  /** Discriminant. */
  type: "connection_team_predicate";
  /** is_online or is_offline. */
  condition: TeamCondition;
}
/** Schema of a team predicate. */
export const ConnectionTeamPredicateSchema: v.GenericSchema<ConnectionTeamPredicate> =
  connectionTeamPredicate;
/** Builds a team predicate. */
export const ConnectionTeamPredicate: (
  fields: Fields<ConnectionTeamPredicate>,
) => ConnectionTeamPredicate = builder<ConnectionTeamPredicate>("connection_team_predicate");

/** Tests the user's login state. */
export interface ConnectionUserPredicate {
  /** Discriminant. */
  type: "connection_user_predicate";
  /** is_logged or is_not_logged. */
  condition: UserCondition;
}
/** Schema of a user predicate. */
export const ConnectionUserPredicateSchema: v.GenericSchema<ConnectionUserPredicate> =
  connectionUserPredicate;
/** Builds a user predicate. */
export const ConnectionUserPredicate: (
  fields: Fields<ConnectionUserPredicate>,
) => ConnectionUserPredicate = builder<ConnectionUserPredicate>("connection_user_predicate");

/** Any of the three predicates. */
export type Predicate = ConnectionPredicate | ConnectionTeamPredicate | ConnectionUserPredicate;
const predicateVariant = variant([
  connectionPredicate,
  connectionTeamPredicate,
  connectionUserPredicate,
]);
/** Schema of any predicate, discriminated on `type`. */
export const PredicateSchema: v.GenericSchema<Predicate> = predicateVariant;

// --------------------------------------------------------- flow connection

/** @internal The flow connection schema, for composition. */
export const flowConnection = object({
  type: tag("flow_connection"),
  target: targetVariant,
  predicates: list(predicateVariant, 1, 10),
});

/** A way out of a jump: the target, taken when all predicates hold. */
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
 */
export const FlowConnectionSchema: v.GenericSchema<FlowConnection> = flowConnection;
/** Builds a flow connection. */
export const FlowConnection: (fields: Fields<FlowConnection>) => FlowConnection = builder<
  FlowConnection
>("flow_connection");
