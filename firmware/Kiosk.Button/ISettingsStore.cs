namespace Kiosk.Button
{
    /// <summary>The button's flash: its settings file (written at enrolment) and its press counter, kept across restarts.</summary>
    public interface ISettingsStore
    {
        /// <summary>Reads the settings written at enrolment.</summary>
        ButtonSettings LoadSettings();

        /// <summary>The last counter used (0 before the first press).</summary>
        long ReadCounter();

        /// <summary>Stores the counter before the press that uses it is sent, so a restart never reuses one.</summary>
        void WriteCounter(long counter);
    }
}
