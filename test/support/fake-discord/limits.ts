// Discord's message, embed, component and modal limits, reported as a 50035 `errors` tree.
import { isRecord, records, str } from './wire.js';

const MAX_CONTENT = 2_000;
const MAX_EMBEDS = 10;
const MAX_EMBED_TOTAL = 6_000;
const MAX_TITLE = 256;
const MAX_DESCRIPTION = 4_096;
const MAX_FIELDS = 25;
const MAX_FIELD_NAME = 256;
const MAX_FIELD_VALUE = 1_024;
const MAX_FOOTER = 2_048;
const MAX_AUTHOR_NAME = 256;
const MAX_ACTION_ROWS = 5;
const MAX_ROW_COMPONENTS = 5;
const MAX_CUSTOM_ID = 100;
const MAX_BUTTON_LABEL = 80;
const MAX_MODAL_TITLE = 45;
const MAX_MODAL_LABEL = 45;
const MAX_TEXT_INPUT = 4_000;
const MAX_PLACEHOLDER = 100;
/** Message flag: the message uses components v2 (up to 40 components, no content or embeds). */
const IS_COMPONENTS_V2 = 1 << 15;

type Path = (string | number)[];

/** One entry of an `_errors` list, as Discord writes it. */
interface FieldError {
  code: string;
  message: string;
}

/** Collects errors under their JSON paths: `{ embeds: { 0: { title: { _errors: [...] } } } }`. */
export class FormErrors {
  readonly tree: Record<string, unknown> = {};
  private count = 0;

  constructor(private readonly prefix: Path = []) {}

  get empty(): boolean {
    return this.count === 0;
  }

  add(path: Path, error: FieldError): void {
    let node = this.tree;
    for (const key of [...this.prefix, ...path]) {
      const next = node[String(key)];
      const child: Record<string, unknown> = isRecord(next) ? next : {};
      node[String(key)] = child;
      node = child;
    }
    const list: unknown[] = Array.isArray(node._errors) ? node._errors : [];
    list.push(error);
    node._errors = list;
    this.count += 1;
  }

  /** Adds BASE_TYPE_MAX_LENGTH when `value` is a string or array longer than `max`. */
  maxLength(path: Path, value: unknown, max: number): void {
    const length = typeof value === 'string' || Array.isArray(value) ? value.length : 0;
    if (length > max) {
      this.add(path, { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
    }
  }

  required(path: Path, value: unknown): void {
    if (value === undefined || value === null || value === '') {
      this.add(path, { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    }
  }

  maxNumber(path: Path, value: unknown, max: number): void {
    if (typeof value === 'number' && value > max) {
      this.add(path, {
        code: 'NUMBER_TYPE_MAX',
        message: `int value should be less than or equal to ${max}.`,
      });
    }
  }
}

const textLength = (value: unknown) => (typeof value === 'string' ? value.length : 0);

/** The characters Discord counts toward the 6,000 across a message's embeds. */
function embedSize(embed: Record<string, unknown>): number {
  const footer = isRecord(embed.footer) ? embed.footer : {};
  const author = isRecord(embed.author) ? embed.author : {};
  const fields = records(embed.fields).reduce(
    (sum, field) => sum + textLength(field.name) + textLength(field.value),
    0,
  );
  return (
    textLength(embed.title) +
    textLength(embed.description) +
    textLength(footer.text) +
    textLength(author.name) +
    fields
  );
}

function checkEmbeds(errors: FormErrors, embeds: unknown): void {
  if (!Array.isArray(embeds)) return;
  errors.maxLength(['embeds'], embeds, MAX_EMBEDS);
  records(embeds).forEach((embed, i) => {
    errors.maxLength(['embeds', i, 'title'], embed.title, MAX_TITLE);
    errors.maxLength(['embeds', i, 'description'], embed.description, MAX_DESCRIPTION);
    errors.maxLength(['embeds', i, 'fields'], embed.fields, MAX_FIELDS);
    records(embed.fields).forEach((field, j) => {
      errors.maxLength(['embeds', i, 'fields', j, 'name'], field.name, MAX_FIELD_NAME);
      errors.maxLength(['embeds', i, 'fields', j, 'value'], field.value, MAX_FIELD_VALUE);
    });
    if (isRecord(embed.footer))
      errors.maxLength(['embeds', i, 'footer', 'text'], embed.footer.text, MAX_FOOTER);
    if (isRecord(embed.author)) {
      errors.maxLength(['embeds', i, 'author', 'name'], embed.author.name, MAX_AUTHOR_NAME);
    }
  });
  if (records(embeds).reduce((sum, embed) => sum + embedSize(embed), 0) > MAX_EMBED_TOTAL) {
    errors.add(['embeds'], {
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: `Embed size exceeds maximum size of ${MAX_EMBED_TOTAL}`,
    });
  }
}

function checkComponents(errors: FormErrors, components: unknown): void {
  if (!Array.isArray(components)) return;
  errors.maxLength(['components'], components, MAX_ACTION_ROWS);
  records(components).forEach((row, i) => {
    errors.maxLength(['components', i, 'components'], row.components, MAX_ROW_COMPONENTS);
    records(row.components).forEach((component, j) => {
      errors.maxLength(['components', i, 'components', j, 'custom_id'], component.custom_id, MAX_CUSTOM_ID);
      if (component.type === 2) {
        errors.maxLength(['components', i, 'components', j, 'label'], component.label, MAX_BUTTON_LABEL);
      }
    });
  });
}

/** True when a new message would have nothing to show (Discord answers 50006). */
export function isEmptyMessage(body: Record<string, unknown>, fileCount: number): boolean {
  const hasContent = typeof body.content === 'string' && body.content.length > 0;
  const has = (key: string) => {
    const value = body[key];
    return Array.isArray(value) && value.length > 0;
  };
  return (
    !hasContent &&
    !has('embeds') &&
    !has('components') &&
    !has('sticker_ids') &&
    !body.poll &&
    fileCount === 0
  );
}

/** Content, embed and component limits of a message body; `prefix` is `['data']` in interaction callbacks. */
export function messageErrors(body: Record<string, unknown>, prefix: Path = []): FormErrors {
  const errors = new FormErrors(prefix);
  errors.maxLength(['content'], body.content, MAX_CONTENT);
  checkEmbeds(errors, body.embeds);
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  if ((flags & IS_COMPONENTS_V2) === 0) checkComponents(errors, body.components);
  return errors;
}

/** A modal's text inputs: in action rows (`row.components`) or in label components (`label.component`). */
export function modalTextInputs(
  modal: Record<string, unknown>,
): { path: Path; input: Record<string, unknown> }[] {
  return records(modal.components).flatMap((row, i) => {
    if (isRecord(row.component)) return [{ path: ['components', i, 'component'], input: row.component }];
    return records(row.components).map((input, j) => ({ path: ['components', i, 'components', j], input }));
  });
}

/** The limits of a modal (interaction callback type 9), under `data`. */
export function modalErrors(modal: Record<string, unknown>): FormErrors {
  const errors = new FormErrors(['data']);
  errors.required(['title'], modal.title);
  errors.maxLength(['title'], modal.title, MAX_MODAL_TITLE);
  errors.required(['custom_id'], modal.custom_id);
  errors.maxLength(['custom_id'], modal.custom_id, MAX_CUSTOM_ID);
  const rows = Array.isArray(modal.components) ? modal.components : [];
  if (rows.length === 0) errors.required(['components'], undefined);
  errors.maxLength(['components'], rows, MAX_ACTION_ROWS);
  records(modal.components).forEach((row, i) => {
    if (str(row.label) !== undefined)
      errors.maxLength(['components', i, 'label'], row.label, MAX_MODAL_LABEL);
  });
  for (const { path, input } of modalTextInputs(modal)) {
    if (input.type !== 4) continue;
    errors.maxLength([...path, 'custom_id'], input.custom_id, MAX_CUSTOM_ID);
    errors.maxLength([...path, 'label'], input.label, MAX_MODAL_LABEL);
    errors.maxLength([...path, 'placeholder'], input.placeholder, MAX_PLACEHOLDER);
    errors.maxLength([...path, 'value'], input.value, MAX_TEXT_INPUT);
    errors.maxNumber([...path, 'max_length'], input.max_length, MAX_TEXT_INPUT);
    errors.maxNumber([...path, 'min_length'], input.min_length, MAX_TEXT_INPUT);
  }
  return errors;
}
