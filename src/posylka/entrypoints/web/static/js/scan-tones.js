/* The tones of the scanning pages (packing station, pallet checklist), made with WebAudio so no
   sound files are needed: posylkaTone(frequency in Hz, length in ms, oscillator shape, volume).
   A machine without sound stays silent; the pages' colours still say what happened. */
(function () {
  "use strict";
  var audio = null;

  window.posylkaTone = function (frequency, milliseconds, shape, volume) {
    try {
      var Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) {
        return;
      }
      audio = audio || new Context();
      var oscillator = audio.createOscillator();
      var gain = audio.createGain();
      oscillator.type = shape;
      oscillator.frequency.value = frequency;
      oscillator.connect(gain);
      gain.connect(audio.destination);
      var now = audio.currentTime;
      gain.gain.setValueAtTime(volume, now);
      gain.gain.exponentialRampToValueAtTime(0.001, now + milliseconds / 1000);
      oscillator.start(now);
      oscillator.stop(now + milliseconds / 1000);
    } catch (error) {
      // No sound on this machine.
    }
  };
})();
