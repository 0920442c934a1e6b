namespace Kiosk.Hardware;

/// <summary>
/// Card-plus-PIN at a card voting station: the PIN verifiers (<see cref="Book"/>), the wrong-PIN count
/// (<see cref="Guard"/>), the keypad the PIN is typed on (null: none wired, so a card that needs a PIN cannot vote here),
/// and whether every card needs a PIN (<see cref="Required"/>, the gateway's <c>--card-pin required</c>) or only the
/// cards that were given one when enrolled.
/// </summary>
public sealed record CardPinSettings(CardPinBook Book, CardPinGuard Guard, MatrixKeypad? Keypad, bool Required);
