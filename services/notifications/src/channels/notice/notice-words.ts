/** What a template reads (the words of a message, in one language) and what it gives: a subject and a body. */
export interface RenderedMessage {
  subject: string;
  body: string;
}

export interface Words {
  unit: string;
  what: string;
  due: string;
  policy: string;
  report: string;
  /** A hand-off: the subject's title in brackets (or nothing), who handed it over, the meeting, the note. */
  title: string;
  from: string;
  meeting: string;
  note: string;
}

export type Template = (w: Words) => RenderedMessage;
