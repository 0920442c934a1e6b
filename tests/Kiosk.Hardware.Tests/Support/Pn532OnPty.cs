using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Kiosk.Hardware.Tests.Support;

/// <summary>
/// A PN532 on a UART (HSU) for Iot.Device.Bindings' <c>Pn532(string portName)</c>, which opens a named serial port itself
/// and takes no stream: a pseudo-terminal pair (openpty) stands in for the wire. The binding opens the pair's terminal
/// end (<see cref="PortName"/>, /dev/pts/N) as its serial port; a thread reads the other end, cuts the host's bytes
/// into information frames (skipping the 0x55 wake-up and the zeros around frames) and answers each from
/// <see cref="Chip"/>, the same protocol model the I2C tests use: the ACK frame, then the answer frame.
/// </summary>
public sealed partial class Pn532OnPty : IDisposable
{
    private readonly FileStream _master;
    private readonly Thread _reader;
    private readonly List<byte> _pending = [];

    /// <summary>Opens a pseudo-terminal pair and starts answering on its controller end.</summary>
    public Pn532OnPty()
    {
        if (OpenPty(out var master, out var terminal, 0, 0, 0) != 0)
            throw new IOException($"openpty failed (errno {Marshal.GetLastPInvokeError()})");
        // The binding opens the terminal end by name; this process keeps its own descriptor open so that the pair
        // stays up between the binding's open and close.
        _terminal = new SafeFileHandle(terminal, ownsHandle: true);
        PortName = new FileInfo($"/proc/self/fd/{terminal}").LinkTarget ?? throw new IOException("no name for the pseudo-terminal");
        _master = new FileStream(new SafeFileHandle(master, ownsHandle: true), FileAccess.ReadWrite, bufferSize: 0);
        _reader = new Thread(Answer) { IsBackground = true, Name = "fake PN532 on a pty" };
        _reader.Start();
    }

    private readonly SafeFileHandle _terminal;

    /// <summary>The serial port to give the binding (/dev/pts/N).</summary>
    public string PortName { get; }

    /// <summary>The chip's protocol model (cards in the field, commands answered).</summary>
    public FakePn532 Chip { get; } = new();

    private void Answer()
    {
        var buffer = new byte[256];
        try
        {
            while (true)
            {
                var read = _master.Read(buffer, 0, buffer.Length);
                if (read <= 0) return;
                _pending.AddRange(buffer.AsSpan(0, read));
                while (TakeFrame() is { } frame)
                {
                    Chip.Write(frame);
                    // The chip queues the ACK, then the answer; each read hands out one after the I2C status byte.
                    while (Chip.ReadByte() == 0x01)
                    {
                        var answer = new byte[300];
                        Chip.Read(answer);
                        var bytes = answer.AsSpan(1);
                        var length = bytes[3] == 0x00 && bytes[4] == 0xFF ? 6 : 5 + bytes[3] + 2;
                        _master.Write(bytes[..length]);
                    }
                }
            }
        }
        catch (IOException)
        {
            // The pair closed (EIO once the last terminal descriptor is gone): the fake is done.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>The next complete host frame (00 00 FF LEN LCS TFI … DCS 00) in the bytes read so far, or null.</summary>
    private byte[]? TakeFrame()
    {
        for (var i = 0; i + 1 < _pending.Count; i++)
        {
            if (_pending[i] != 0x00 || _pending[i + 1] != 0xFF) continue;
            if (i + 3 >= _pending.Count) return null;
            int length = _pending[i + 2];
            var end = i + 2 + 2 + length + 1;   // LEN, LCS, data, DCS
            if (end > _pending.Count) return null;
            var frame = new List<byte> { 0x00 };
            frame.AddRange(_pending.GetRange(i, end - i));
            frame.Add(0x00);
            _pending.RemoveRange(0, end);
            // An ACK or NACK from the host (LEN 0 or FF) is no command.
            if (length is 0x00 or 0xFF) continue;
            return [.. frame];
        }
        return null;
    }

    public void Dispose()
    {
        _terminal.Dispose();
        _master.Dispose();
        _reader.Join(TimeSpan.FromSeconds(5));
    }

    [LibraryImport("libc", EntryPoint = "openpty", SetLastError = true)]
    private static partial int OpenPty(out int master, out int terminal, nint name, nint termios, nint window);
}
