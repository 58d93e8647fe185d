using System;
using System.Diagnostics;
using System.Management.Automation;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>
    /// Progress for long runs only: nothing for the first second, then at most four updates a second,
    /// and always a Completed record at the end if anything was shown. With a known total, each record has a
    /// percentage and the seconds remaining at the rate so far. Nothing at all when the console's output is
    /// redirected (cron, systemd, a CI log), where nobody sees a progress bar.
    /// </summary>
    internal sealed class ProgressReporter
    {
        private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

        private readonly Cmdlet _cmdlet;
        private readonly int _activityId;
        private readonly string _activity;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan? _lastShown;
        private readonly bool _silent;
        private bool _shown;

        public ProgressReporter(PSCmdlet cmdlet, int activityId, string activity)
        {
            _cmdlet = cmdlet;
            _activityId = activityId;
            _activity = activity;
            _silent = IsRedirectedConsole(cmdlet);
        }

        public void Report(long done, long bytes, string? current, long? total = null)
        {
            TimeSpan now = _clock.Elapsed;
            if (_silent || now < QuietPeriod || (_lastShown.HasValue && now - _lastShown.Value < Interval))
            {
                return;
            }

            _lastShown = now;
            _shown = true;
            double seconds = Math.Max(now.TotalSeconds, 0.001);
            string files = total.HasValue ? $"{done:N0} of {total.Value:N0} files" : $"{done:N0} files";
            string status = bytes > 0 ? $"{files}, {FormatBytes(bytes)} ({FormatBytes((long)(bytes / seconds))}/s)" : $"{files} ({done / seconds:N0}/s)";
            var record = new ProgressRecord(_activityId, _activity, status);
            if (total.HasValue && total.Value > 0)
            {
                record.PercentComplete = (int)Math.Min(100, done * 100 / total.Value);
                if (done > 0)
                {
                    record.SecondsRemaining = (int)Math.Ceiling(Math.Max(0, total.Value - done) * seconds / done);
                }
            }

            if (!string.IsNullOrEmpty(current))
            {
                record.CurrentOperation = current;
            }

            _cmdlet.WriteProgress(record);
        }

        public void Complete()
        {
            if (!_shown)
            {
                return;
            }

            _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
            _shown = false;
        }

        /// <summary>True in a console host whose output goes to a file or a pipe; a remote or hosted runspace forwards progress to someone watching.</summary>
        private static bool IsRedirectedConsole(PSCmdlet cmdlet)
        {
            try
            {
                return cmdlet.Host?.Name == "ConsoleHost" && Console.IsOutputRedirected;
            }
            catch (System.IO.IOException)
            {
                return false;
            }
        }

        private static string FormatBytes(long bytes)
        {
            string[] units = { "B", "KB", "MB", "GB", "TB" };
            double value = bytes;
            int unit = 0;
            while (value >= 1024 && unit < units.Length - 1)
            {
                value /= 1024;
                unit++;
            }

            return unit == 0 ? $"{bytes} B" : $"{value:0.0} {units[unit]}";
        }
    }
}
