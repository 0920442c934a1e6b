namespace Kiosk.Voting.Guarding;

/// <summary>What a wrong guess cost: how many wrong guesses in a row there now are, and the wait they earned (zero while free).</summary>
public readonly record struct WrongGuess(int InARow, TimeSpan Wait);
