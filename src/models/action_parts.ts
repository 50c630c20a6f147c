/**
 * Parts of bot actions: cards and their buttons, quick replies, satisfaction
 * choices, choice-list sections, asked documents, webhook request fields, the
 * Zendesk user, the iAdvize distribution rule and the AI engine and behaviours.
 *
 * @module
 */
import * as v from "valibot";
import {
  builder,
  defaultOnLoad,
  dict,
  emptyOrWebUrl,
  type Fields,
  list,
  object,
  str,
  tag,
  text,
  url,
  wordKey,
} from "./_primitives.ts";
import {
  type ButtonAction,
  buttonActionVariant,
  type OpenUrlAction,
  openUrlAction,
  type SatisfactionKind,
  satisfactionKindSchema,
} from "./button_actions.ts";
import {
  type FlowConnection,
  flowConnection,
  type Intent,
  intentSchema,
  type Target,
  targetVariant,
} from "./flow.ts";

// ------------------------------------------------------- buttons and cards

/** @internal */
export const button = object({
  type: tag("button"),
  title: text(1, 20),
  action: buttonActionVariant,
});

/**
 * A card button.
 *
 * @category Models
 */
export interface Button {
  /** Discriminant. */
  type: "button";
  /** 1 to 20 characters. */
  title: string;
  /** What pressing it does. */
  action: ButtonAction;
}
/**
 * Schema of a card button.
 *
 * @example Parse a card button
 * ```ts
 * import * as v from "valibot";
 * import { ButtonSchema } from "@clustaar/webhook";
 * const button = v.parse(ButtonSchema, {
 *   type: "button",
 *   title: "Share",
 *   action: { type: "share_action" },
 * });
 * ```
 *
 * @category Models
 */
export const ButtonSchema: v.GenericSchema<Button> = button;
/**
 * Builds a card button.
 *
 * @example Build a card button
 * ```ts
 * import { Button } from "@clustaar/webhook";
 * const button = Button({ title: "Share", action: { type: "share_action" } });
 * ```
 *
 * @category Models
 */
export const Button: (fields: Fields<Button>) => Button = builder<Button>("button");

/** A card's `buttons` on load and in {@link Card} (copied: each card gets its own list). */
const DEFAULT_CARD_BUTTONS: never[] = [];

/** @internal */
export const card = object({
  type: tag("card"),
  title: text(1, 80),
  subtitle: v.nullish(text(0, 80)),
  alt: v.nullish(text(0, 500)),
  imageURL: v.nullish(emptyOrWebUrl(500)),
  url: v.nullish(text(0, 500)),
  buttons: v.pipe(v.nullish(list(button, 0, 3)), defaultOnLoad(DEFAULT_CARD_BUTTONS)),
});

/**
 * A card of a carousel.
 *
 * @category Models
 */
export interface Card {
  /** Discriminant. */
  type: "card";
  /** 1 to 80 characters. */
  title: string;
  /** Up to 80 characters. */
  subtitle?: string | null;
  /** Alternative text of the image, up to 500 characters. */
  alt?: string | null;
  /** `""` or an http(s) URL of up to 500 characters. */
  imageURL?: string | null;
  /** `""` or a URL of up to 500 characters opened on a tap. */
  url?: string | null;
  /** Up to 3 buttons. */
  buttons?: Button[] | null;
}
/**
 * Schema of a card.
 *
 * @example Parse a card
 * ```ts
 * import * as v from "valibot";
 * import { CardSchema } from "@clustaar/webhook";
 * const card = v.parse(CardSchema, { type: "card", title: "Tintin", subtitle: "au Tibet" });
 * ```
 *
 * @category Models
 */
export const CardSchema: v.GenericSchema<Card> = card;
/**
 * Builds a card; `buttons` defaults to `[]`.
 *
 * @example A card with a share button
 * ```ts
 * import { Button, Card, ShareAction } from "@clustaar/webhook";
 * const card = Card({ title: "Tintin", buttons: [Button({ title: "Share", action: ShareAction() })] });
 * ```
 *
 * @category Models
 */
export function Card(fields: Fields<Card>): Card {
  return { type: "card", buttons: [...DEFAULT_CARD_BUTTONS], ...fields };
}

/** @internal */
export const openUrlButton = object({
  type: tag("open_url_button"),
  title: text(1, 20),
  action: openUrlAction,
});

/**
 * A button that opens a URL (the only kind a simple card has).
 *
 * @category Models
 */
export interface OpenUrlButton {
  /** Discriminant. */
  type: "open_url_button";
  /** 1 to 20 characters. */
  title: string;
  /** The URL to open. */
  action: OpenUrlAction;
}
/**
 * Schema of an open-url button.
 *
 * @example Parse an open-url button
 * ```ts
 * import * as v from "valibot";
 * import { OpenUrlButtonSchema } from "@clustaar/webhook";
 * const openUrlButton = v.parse(OpenUrlButtonSchema, {
 *   type: "open_url_button",
 *   title: "Read",
 *   action: { type: "open_url_action", url: "https://example.com" },
 * });
 * ```
 *
 * @category Models
 */
export const OpenUrlButtonSchema: v.GenericSchema<OpenUrlButton> = openUrlButton;
/**
 * Builds an open-url button.
 *
 * @example Build an open-url button
 * ```ts
 * import { OpenUrlButton } from "@clustaar/webhook";
 * const openUrlButton = OpenUrlButton({
 *   title: "Read",
 *   action: { type: "open_url_action", url: "https://example.com" },
 * });
 * ```
 *
 * @category Models
 */
export const OpenUrlButton: (fields: Fields<OpenUrlButton>) => OpenUrlButton = builder<
  OpenUrlButton
>("open_url_button");

/** @internal */
export const simpleCard = object({
  type: tag("simple_card"),
  title: text(1, 80),
  subtitle: v.nullish(text(0, 80)),
  imageURL: v.nullish(emptyOrWebUrl(500)),
  buttons: v.nullish(list(openUrlButton, 1, 3)),
});

/**
 * A card whose buttons only open URLs.
 *
 * @category Models
 */
export interface SimpleCard {
  /** Discriminant. */
  type: "simple_card";
  /** 1 to 80 characters. */
  title: string;
  /** Up to 80 characters. */
  subtitle?: string | null;
  /** `""` or an http(s) URL of up to 500 characters. */
  imageURL?: string | null;
  /** 1 to 3 open-url buttons. */
  buttons?: OpenUrlButton[] | null;
}
/**
 * Schema of a simple card.
 *
 * @example Parse a simple card
 * ```ts
 * import * as v from "valibot";
 * import { SimpleCardSchema } from "@clustaar/webhook";
 * const simpleCard = v.parse(SimpleCardSchema, {
 *   type: "simple_card",
 *   title: "Tintin",
 *   imageURL: "https://example.com/tintin.png",
 * });
 * ```
 *
 * @category Models
 */
export const SimpleCardSchema: v.GenericSchema<SimpleCard> = simpleCard;
/**
 * Builds a simple card.
 *
 * @example Build a simple card
 * ```ts
 * import { SimpleCard } from "@clustaar/webhook";
 * const simpleCard = SimpleCard({ title: "Tintin", imageURL: "https://example.com/tintin.png" });
 * ```
 *
 * @category Models
 */
export const SimpleCard: (fields: Fields<SimpleCard>) => SimpleCard = builder<SimpleCard>(
  "simple_card",
);

/** @internal */
export const quickReply = object({
  type: v.optional(tag("quick_reply")),
  title: text(1, 60),
  action: buttonActionVariant,
});

/**
 * A quick reply button.
 *
 * @category Models
 */
export interface QuickReply {
  /** Discriminant (may be absent). */
  type?: "quick_reply";
  /** 1 to 60 characters. */
  title: string;
  /** What pressing it does. */
  action: ButtonAction;
}
/**
 * Schema of a quick reply.
 *
 * @example Parse a quick reply
 * ```ts
 * import * as v from "valibot";
 * import { QuickReplySchema } from "@clustaar/webhook";
 * const quickReply = v.parse(QuickReplySchema, {
 *   type: "quick_reply",
 *   title: "Yes",
 *   action: { type: "go_to_action", target: { type: "step", id: "a1a1a1a1a1a1a1a1a1a1a1a1" } },
 * });
 * ```
 *
 * @category Models
 */
export const QuickReplySchema: v.GenericSchema<QuickReply> = quickReply;
/**
 * Builds a quick reply.
 *
 * @example Build a quick reply
 * ```ts
 * import { QuickReply } from "@clustaar/webhook";
 * const quickReply = QuickReply({
 *   title: "Yes",
 *   action: { type: "go_to_action", target: { type: "step", id: "a1a1a1a1a1a1a1a1a1a1a1a1" } },
 * });
 * ```
 *
 * @category Models
 */
export const QuickReply: (fields: Fields<QuickReply>) => QuickReply = builder<QuickReply>(
  "quick_reply",
);

// ---------------------------------------------------- satisfaction choices

/** @internal */
export const satisfactionChoice = object({
  type: tag("customer_satisfaction_choice"),
  target: v.nullable(targetVariant),
  kind: satisfactionKindSchema,
  label: text(0, 60),
  matchingIntent: v.nullable(intentSchema),
  matching_intent_id: v.optional(str),
});

/**
 * One answer of a satisfaction survey.
 *
 * @category Models
 */
export interface CustomerSatisfactionChoice {
  /** Discriminant. */
  type: "customer_satisfaction_choice";
  /** Where to go when chosen, or null. */
  target: Target | null;
  /** What the answer means. */
  kind: SatisfactionKind;
  /** Up to 60 characters. */
  label: string;
  /**
   * The intent that also selects this answer, or null. Read-only (the platform
   * ignores it when it receives it) but required: send back what came, or null.
   */
  matchingIntent: Intent | null;
  /** Write-only: how a client sets the intent. */
  matching_intent_id?: string;
}
/**
 * Schema of a satisfaction choice.
 *
 * @example Parse a satisfaction choice
 * ```ts
 * import * as v from "valibot";
 * import { CustomerSatisfactionChoiceSchema } from "@clustaar/webhook";
 * const customerSatisfactionChoice = v.parse(CustomerSatisfactionChoiceSchema, {
 *   type: "customer_satisfaction_choice",
 *   target: null,
 *   kind: "positive",
 *   label: "Yes",
 *   matchingIntent: null,
 * });
 * ```
 *
 * @category Models
 */
export const CustomerSatisfactionChoiceSchema: v.GenericSchema<CustomerSatisfactionChoice> =
  satisfactionChoice;
/**
 * Builds a satisfaction choice.
 *
 * @example Build a satisfaction choice
 * ```ts
 * import { CustomerSatisfactionChoice } from "@clustaar/webhook";
 * const customerSatisfactionChoice = CustomerSatisfactionChoice({
 *   target: null,
 *   kind: "positive",
 *   label: "Yes",
 *   matchingIntent: null,
 * });
 * ```
 *
 * @category Models
 */
export const CustomerSatisfactionChoice: (
  fields: Fields<CustomerSatisfactionChoice>,
) => CustomerSatisfactionChoice = builder<CustomerSatisfactionChoice>(
  "customer_satisfaction_choice",
);

// ----------------------------------------------------- choices and sections

/** @internal */
export const choice = object({
  type: tag("choice"),
  title: text(1, 500),
  imageUrl: v.nullish(v.pipe(text(1, 500), url)),
  sessionValues: v.nullish(dict),
});

/**
 * One entry of a choices list.
 *
 * @category Models
 */
export interface Choice {
  /** Discriminant. */
  type: "choice";
  /** 1 to 500 characters. */
  title: string;
  /** An absolute URL of 1 to 500 characters (note the spelling `imageUrl`). */
  imageUrl?: string | null;
  /** Values to store in the session when chosen. */
  sessionValues?: Record<string, unknown> | null;
}
/**
 * Schema of a choice.
 *
 * @example Parse a choice
 * ```ts
 * import * as v from "valibot";
 * import { ChoiceSchema } from "@clustaar/webhook";
 * const choice = v.parse(ChoiceSchema, {
 *   type: "choice",
 *   title: "Tintin",
 *   sessionValues: { hero: "tintin" },
 * });
 * ```
 *
 * @category Models
 */
export const ChoiceSchema: v.GenericSchema<Choice> = choice;
/**
 * Builds a choice.
 *
 * @example Build a choice
 * ```ts
 * import { Choice } from "@clustaar/webhook";
 * const choice = Choice({ title: "Tintin", sessionValues: { hero: "tintin" } });
 * ```
 *
 * @category Models
 */
export const Choice: (fields: Fields<Choice>) => Choice = builder<Choice>("choice");

/** @internal */
export const section = object({
  type: tag("section"),
  choices: list(choice, 1, 100),
  title: v.nullish(text(0, 500)),
});

/**
 * A titled group of choices.
 *
 * @category Models
 */
export interface Section {
  /** Discriminant. */
  type: "section";
  /** 1 to 100 choices. */
  choices: Choice[];
  /** Up to 500 characters; required and non-empty when there are several sections. */
  title?: string | null;
}
/**
 * Schema of a section.
 *
 * @example Parse a section
 * ```ts
 * import * as v from "valibot";
 * import { SectionSchema } from "@clustaar/webhook";
 * const section = v.parse(SectionSchema, {
 *   type: "section",
 *   choices: [{ type: "choice", title: "Tintin" }],
 *   title: "Heroes",
 * });
 * ```
 *
 * @category Models
 */
export const SectionSchema: v.GenericSchema<Section> = section;
/**
 * Builds a section.
 *
 * @example Build a section
 * ```ts
 * import { Section } from "@clustaar/webhook";
 * const section = Section({ choices: [{ type: "choice", title: "Tintin" }], title: "Heroes" });
 * ```
 *
 * @category Models
 */
export const Section: (fields: Fields<Section>) => Section = builder<Section>("section");

// ------------------------------------------------------------ other parts

/** @internal */
export const askedDocument = object({
  type: tag("asked_document"),
  message: text(0, 300),
  name: text(1, 150),
  authorizedFileTypes: v.array(str, "expected a list"),
});

/**
 * A document the bot asks the user to upload.
 *
 * @category Models
 */
export interface AskedDocument {
  /** Discriminant. */
  type: "asked_document";
  /** Up to 300 characters. */
  message: string;
  /** 1 to 150 characters. */
  name: string;
  /** Accepted file types. */
  authorizedFileTypes: string[];
}
/**
 * Schema of an asked document.
 *
 * @example Parse an asked document
 * ```ts
 * import * as v from "valibot";
 * import { AskedDocumentSchema } from "@clustaar/webhook";
 * const askedDocument = v.parse(AskedDocumentSchema, {
 *   type: "asked_document",
 *   message: "Your ID, please",
 *   name: "id_card",
 *   authorizedFileTypes: ["pdf", "png"],
 * });
 * ```
 *
 * @category Models
 */
export const AskedDocumentSchema: v.GenericSchema<AskedDocument> = askedDocument;
/**
 * Builds an asked document.
 *
 * @example Build an asked document
 * ```ts
 * import { AskedDocument } from "@clustaar/webhook";
 * const askedDocument = AskedDocument({
 *   message: "Your ID, please",
 *   name: "id_card",
 *   authorizedFileTypes: ["pdf", "png"],
 * });
 * ```
 *
 * @category Models
 */
export const AskedDocument: (fields: Fields<AskedDocument>) => AskedDocument = builder<
  AskedDocument
>("asked_document");

/** @internal */
export const webhookRequestField = object({
  type: tag("webhook_request_field"),
  key: wordKey(1, 100),
  value: text(1, 2048),
});

/**
 * A key/value field sent by send_webhook_request_action.
 *
 * @category Models
 */
export interface WebhookRequestField {
  /** Discriminant. */
  type: "webhook_request_field";
  /** 1 to 100 letters, digits or `_`. */
  key: string;
  /** 1 to 2048 characters. */
  value: string;
}
/**
 * Schema of a webhook request field.
 *
 * @example Parse a webhook request field
 * ```ts
 * import * as v from "valibot";
 * import { WebhookRequestFieldSchema } from "@clustaar/webhook";
 * const webhookRequestField = v.parse(WebhookRequestFieldSchema, {
 *   type: "webhook_request_field",
 *   key: "name",
 *   value: "Tintin",
 * });
 * ```
 *
 * @category Models
 */
export const WebhookRequestFieldSchema: v.GenericSchema<WebhookRequestField> = webhookRequestField;
/**
 * Builds a webhook request field.
 *
 * @example Build a webhook request field
 * ```ts
 * import { WebhookRequestField } from "@clustaar/webhook";
 * const webhookRequestField = WebhookRequestField({ key: "name", value: "Tintin" });
 * ```
 *
 * @category Models
 */
export const WebhookRequestField: (fields: Fields<WebhookRequestField>) => WebhookRequestField =
  builder<WebhookRequestField>("webhook_request_field");

/** @internal */
export const zendeskUser = object({
  email: v.optional(text(0, 100)),
  name: v.optional(text(0, 100)),
  phoneNumber: v.optional(str),
});

/**
 * The requester of a Zendesk ticket (no `type` key).
 *
 * @category Models
 */
export interface ZendeskUser {
  /** Up to 100 characters. */
  email?: string;
  /** Up to 100 characters. */
  name?: string;
  /** Phone number. */
  phoneNumber?: string;
}
/**
 * Schema of a Zendesk user.
 *
 * @example Parse a Zendesk user
 * ```ts
 * import * as v from "valibot";
 * import { ZendeskUserSchema } from "@clustaar/webhook";
 * const zendeskUser = v.parse(ZendeskUserSchema, { email: "tintin@example.com", name: "Tintin" });
 * ```
 *
 * @category Models
 */
export const ZendeskUserSchema: v.GenericSchema<ZendeskUser> = zendeskUser;
/**
 * Builds a Zendesk user (returns a copy of its fields).
 *
 * @example Build a Zendesk user
 * ```ts
 * import { ZendeskUser } from "@clustaar/webhook";
 * const zendeskUser = ZendeskUser({ email: "tintin@example.com", name: "Tintin" });
 * ```
 *
 * @category Models
 */
export function ZendeskUser(fields: ZendeskUser): ZendeskUser {
  return { ...fields };
}

/** @internal */
export const distributionRule = object({
  label: str,
  id: str,
});

/**
 * The iAdvize distribution rule a conversation is transferred to.
 *
 * @category Models
 */
export interface DistributionRule {
  /** Label of the rule. */
  label: string;
  /** Id of the rule. */
  id: string;
}
/**
 * Schema of an iAdvize distribution rule.
 *
 * @example Parse an iAdvize distribution rule
 * ```ts
 * import * as v from "valibot";
 * import { DistributionRuleSchema } from "@clustaar/webhook";
 * const distributionRule = v.parse(DistributionRuleSchema, { label: "Human", id: "234" });
 * ```
 *
 * @category Models
 */
export const DistributionRuleSchema: v.GenericSchema<DistributionRule> = distributionRule;
/**
 * Builds an iAdvize distribution rule (returns a copy of its fields).
 *
 * @example Build an iAdvize distribution rule
 * ```ts
 * import { DistributionRule } from "@clustaar/webhook";
 * const distributionRule = DistributionRule({ label: "Human", id: "234" });
 * ```
 *
 * @category Models
 */
export function DistributionRule(fields: DistributionRule): DistributionRule {
  return { ...fields };
}

/** @internal */
export const aiTaskEngine = object({
  type: tag("ai_task_engine"),
  name: str,
  opts: dict,
});

/**
 * The AI engine of send_ai_task_action.
 *
 * @category Models
 */
export interface AiTaskEngine {
  /** Discriminant. */
  type: "ai_task_engine";
  /** Engine name. */
  name: string;
  /** Engine options. */
  opts: Record<string, unknown>;
}
/**
 * Schema of an AI task engine.
 *
 * @example Parse an AI task engine
 * ```ts
 * import * as v from "valibot";
 * import { AiTaskEngineSchema } from "@clustaar/webhook";
 * const aiTaskEngine = v.parse(AiTaskEngineSchema, {
 *   type: "ai_task_engine",
 *   name: "Rune",
 *   opts: { temperature: 0 },
 * });
 * ```
 *
 * @category Models
 */
export const AiTaskEngineSchema: v.GenericSchema<AiTaskEngine> = aiTaskEngine;
/**
 * Builds an AI task engine.
 *
 * @example Build an AI task engine
 * ```ts
 * import { AiTaskEngine } from "@clustaar/webhook";
 * const aiTaskEngine = AiTaskEngine({ name: "Rune", opts: { temperature: 0 } });
 * ```
 *
 * @category Models
 */
export const AiTaskEngine: (fields: Fields<AiTaskEngine>) => AiTaskEngine = builder<AiTaskEngine>(
  "ai_task_engine",
);

/** @internal */
export const aiTaskBehavior = object({
  type: tag("ai_task_behavior"),
  name: str,
  connections: list(flowConnection, 0, 10),
});

/**
 * A behaviour of send_ai_task_action: named connections out of the task.
 *
 * @category Models
 */
export interface AiTaskBehavior {
  /** Discriminant. */
  type: "ai_task_behavior";
  /** Behaviour name. */
  name: string;
  /** Up to 10 flow connections. */
  connections: FlowConnection[];
}
/**
 * Schema of an AI task behaviour.
 *
 * @example Parse an AI task behaviour
 * ```ts
 * import * as v from "valibot";
 * import { AiTaskBehaviorSchema } from "@clustaar/webhook";
 * const aiTaskBehavior = v.parse(AiTaskBehaviorSchema, {
 *   type: "ai_task_behavior",
 *   name: "low",
 *   connections: [],
 * });
 * ```
 *
 * @category Models
 */
export const AiTaskBehaviorSchema: v.GenericSchema<AiTaskBehavior> = aiTaskBehavior;
/**
 * Builds an AI task behaviour.
 *
 * @example Build an AI task behaviour
 * ```ts
 * import { AiTaskBehavior } from "@clustaar/webhook";
 * const aiTaskBehavior = AiTaskBehavior({ name: "low", connections: [] });
 * ```
 *
 * @category Models
 */
export const AiTaskBehavior: (fields: Fields<AiTaskBehavior>) => AiTaskBehavior = builder<
  AiTaskBehavior
>("ai_task_behavior");
