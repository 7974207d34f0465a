/**
 * given/when/then for deciders (style.md rule 12):
 *   spec.given([leadReceived]).when(openCase).then([caseOpened])
 *   spec.given([]).when(closeCase).thenThrows(CaseNotOpenError)
 */
import { Decider, DomainEvent, fold } from '../decider/decider';

export function deciderSpec<Command, State, Event extends DomainEvent>(decider: Decider<Command, State, Event>) {
  return {
    given: (history: Event[]) => ({
      when: (command: Command) => {
        const run = () => decider.decide(command, fold(decider, history));
        return {
          then: (expected: Event[]) => {
            expect(run()).toEqual(expected);
          },
          thenNothing: () => {
            expect(run()).toEqual([]);
          },
          thenThrows: (error: (new (...args: never[]) => Error) | RegExp | string) => {
            expect(run).toThrow(error as never);
          },
        };
      },
    }),
  };
}
