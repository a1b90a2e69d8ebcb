const DOCS = 'https://docs.github.com/rest';

/** An answer other than success, with GitHub's status code and error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: { message: string; [key: string]: unknown },
  ) {
    super(body.message);
  }
}

export const notFound = (): HttpError => new HttpError(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });

export const unauthorized = (message = 'Requires authentication'): HttpError =>
  new HttpError(401, { message, documentation_url: DOCS, status: '401' });

/** GitHub's 422 shape: `{"message":"Validation Failed","errors":[...]}`. */
export const validationFailed = (...errors: Array<Record<string, unknown>>): HttpError =>
  new HttpError(422, { message: 'Validation Failed', errors, documentation_url: DOCS, status: '422' });

/** A 422 whose message stands alone, e.g. "Reference already exists". */
export const unprocessable = (message: string): HttpError =>
  new HttpError(422, { message, documentation_url: DOCS, status: '422' });
