
'use strict';
{
  const globals = this;
  const django = globals.django || (globals.django = {});

  
  django.pluralidx = function(n) {
    const v = n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;
    if (typeof v === 'boolean') {
      return v ? 1 : 0;
    } else {
      return v;
    }
  };
  

  /* gettext library */

  django.catalog = django.catalog || {};
  
  const newcatalog = {
    "%(job)s: %(percent)s": "%(job)s: %(percent)s",
    "%(name)s: position %(position)s of %(total)s.": "%(name)s: posici\u00f3n %(position)s de %(total)s.",
    "%(sel)s of %(cnt)s selected": [
      "%(sel)s de %(cnt)s seleccionado",
      "%(sel)s de  %(cnt)s seleccionados",
      "%(sel)s de  %(cnt)s seleccionados"
    ],
    "%(time)s left": "Quedan %(time)s",
    "%(time)s over": "%(time)s de m\u00e1s",
    "%s selected option not visible": [
      "%s opci\u00f3n seleccionada no visible",
      "%s opciones seleccionadas no visibles",
      "%s opciones seleccionadas no visibles"
    ],
    "(click to clear)": "(click para limpiar)",
    "6 a.m.": "6 a.m.",
    "6 p.m.": "6 p.m.",
    "April": "Abril",
    "August": "Agosto",
    "Available %s": "%s Disponibles",
    "Cancel": "Cancelar",
    "Choose %s by selecting them and then select the \"Choose\" arrow button.": "Elija %s seleccion\u00e1ndolos y luego use el bot\u00f3n \"Elegir\".",
    "Choose a Date": "Elija una Fecha",
    "Choose a Time": "Elija una Hora",
    "Choose a time": "Elija una hora",
    "Choose all %s": "Seleccionar todos %s",
    "Choose selected %s": "Elegir %s seleccionados",
    "Chosen %s": "%s elegidos",
    "December": "Diciembre",
    "February": "Febrero",
    "Filter": "Filtro",
    "Friday": "Viernes",
    "January": "Enero",
    "July": "Julio",
    "June": "Junio",
    "Less than %(n)s minute left": [
      "Queda menos de %(n)s minuto",
      "Quedan menos de %(n)s de minutos",
      "Quedan menos de %(n)s minutos"
    ],
    "Less than a minute left": "Queda menos de un minuto",
    "March": "Marzo",
    "May": "Mayo",
    "Midnight": "Medianoche",
    "Monday": "Lunes",
    "New step": "Paso nuevo",
    "Noon": "Mediod\u00eda",
    "Note: You are %s hour ahead of server time.": [
      "Nota: Usted esta a %s horas por delante de la hora del servidor.",
      "Nota: Usted va %s horas por delante de la hora del servidor.",
      "Nota: Usted va %s horas por delante de la hora del servidor."
    ],
    "Note: You are %s hour behind server time.": [
      "Nota: Usted esta a %s hora de retraso de tiempo de servidor.",
      "Nota: Usted va %s horas por detr\u00e1s de la hora del servidor.",
      "Nota: Usted va %s horas por detr\u00e1s de la hora del servidor."
    ],
    "November": "Noviembre",
    "Now": "Ahora",
    "October": "Octubre",
    "Remove %s by selecting them and then select the \"Remove\" arrow button.": "Eliminar %s seleccion\u00e1ndolos y luego use el bot\u00f3n \"Eliminar\".",
    "Remove all %s": "Eliminar todos %s",
    "Remove selected %s": "Eliminar %s seleccionados",
    "Saturday": "S\u00e1bado",
    "September": "Septiembre",
    "Step %(number)s": "Paso %(number)s",
    "Step %(number)s of %(total)s": "Paso %(number)s de %(total)s",
    "Sunday": "Domingo",
    "That did not work. Please try again.": "No ha funcionado. Vuelve a intentarlo.",
    "Thursday": "Jueves",
    "Time is up for this step": "Se ha acabado el tiempo de este paso",
    "Today": "Hoy",
    "Tomorrow": "Ma\u00f1ana",
    "Tuesday": "Martes",
    "Type into this box to filter down the list of available %s.": "Escriba en este cuadro para filtrar la lista de %s disponibles",
    "Type into this box to filter down the list of selected %s.": "Escriba en este cuadro para filtrar la lista de %s seleccionados.",
    "Wednesday": "Mi\u00e9rcoles",
    "Yesterday": "Ayer",
    "You have selected an action, and you haven\u2019t made any changes on individual fields. You\u2019re probably looking for the Go button rather than the Save button.": "Ha seleccionado una acci\u00f3n y no ha realizado ning\u00fan cambio en campos individuales. Probablemente est\u00e9 buscando el bot\u00f3n 'Ir' en lugar del bot\u00f3n 'Guardar'.",
    "You have selected an action, but you haven\u2019t saved your changes to individual fields yet. Please click OK to save. You\u2019ll need to re-run the action.": "Ha seleccionado una acci\u00f3n, pero a\u00fan no ha guardado los cambios en los campos individuales. Haga clic en Aceptar para guardar. Deber\u00e1 volver a ejecutar la acci\u00f3n.",
    "You have unsaved changes on individual editable fields. If you run an action, your unsaved changes will be lost.": "Tiene cambios sin guardar en campos editables individuales. Si ejecuta una acci\u00f3n, los cambios no guardados se perder\u00e1n.",
    "a former member": "un antiguo miembro",
    "abbrev. day Friday\u0004Fri": "Vie",
    "abbrev. day Monday\u0004Mon": "Lun",
    "abbrev. day Saturday\u0004Sat": "S\u00e1b",
    "abbrev. day Sunday\u0004Sun": "Dom",
    "abbrev. day Thursday\u0004Thur": "Jue",
    "abbrev. day Tuesday\u0004Tue": "Mar",
    "abbrev. day Wednesday\u0004Wed": "Mie",
    "abbrev. month April\u0004Apr": "Abr",
    "abbrev. month August\u0004Aug": "Ago",
    "abbrev. month December\u0004Dec": "Dic",
    "abbrev. month February\u0004Feb": "Feb",
    "abbrev. month January\u0004Jan": "Ene",
    "abbrev. month July\u0004Jul": "Jul",
    "abbrev. month June\u0004Jun": "Jun",
    "abbrev. month March\u0004Mar": "Mar",
    "abbrev. month May\u0004May": "May",
    "abbrev. month November\u0004Nov": "Nov",
    "abbrev. month October\u0004Oct": "Oct",
    "abbrev. month September\u0004Sep": "Sep",
    "everyone has spoken": "todo el mundo ha hablado",
    "led by %(lead)s": "a cargo de %(lead)s",
    "meeting countdown\u0004Finished": "Terminado",
    "one letter Friday\u0004F": "V",
    "one letter Monday\u0004M": "L",
    "one letter Saturday\u0004S": "S",
    "one letter Sunday\u0004S": "D",
    "one letter Thursday\u0004T": "J",
    "one letter Tuesday\u0004T": "M",
    "one letter Wednesday\u0004W": "M"
  };
  for (const key in newcatalog) {
    django.catalog[key] = newcatalog[key];
  }
  

  if (!django.jsi18n_initialized) {
    django.gettext = function(msgid) {
      const value = django.catalog[msgid];
      if (typeof value === 'undefined') {
        return msgid;
      } else {
        return (typeof value === 'string') ? value : value[0];
      }
    };

    django.ngettext = function(singular, plural, count) {
      const value = django.catalog[singular];
      if (typeof value === 'undefined') {
        return (count == 1) ? singular : plural;
      } else {
        return value.constructor === Array ? value[django.pluralidx(count)] : value;
      }
    };

    django.gettext_noop = function(msgid) { return msgid; };

    django.pgettext = function(context, msgid) {
      let value = django.gettext(context + '\x04' + msgid);
      if (value.includes('\x04')) {
        value = msgid;
      }
      return value;
    };

    django.npgettext = function(context, singular, plural, count) {
      let value = django.ngettext(context + '\x04' + singular, context + '\x04' + plural, count);
      if (value.includes('\x04')) {
        value = django.ngettext(singular, plural, count);
      }
      return value;
    };

    django.interpolate = function(fmt, obj, named) {
      if (named) {
        return fmt.replace(/%\(\w+\)s/g, function(match){return String(obj[match.slice(2,-2)])});
      } else {
        return fmt.replace(/%s/g, function(match){return String(obj.shift())});
      }
    };


    /* formatting library */

    django.formats = {
    "DATETIME_FORMAT": "j \\d\\e F \\d\\e Y \\a \\l\\a\\s H:i",
    "DATETIME_INPUT_FORMATS": [
      "%d/%m/%Y %H:%M:%S",
      "%d/%m/%Y %H:%M:%S.%f",
      "%d/%m/%Y %H:%M",
      "%d/%m/%y %H:%M:%S",
      "%d/%m/%y %H:%M:%S.%f",
      "%d/%m/%y %H:%M",
      "%Y-%m-%d %H:%M:%S",
      "%Y-%m-%d %H:%M:%S.%f",
      "%Y-%m-%d %H:%M",
      "%Y-%m-%d"
    ],
    "DATE_FORMAT": "j \\d\\e F \\d\\e Y",
    "DATE_INPUT_FORMATS": [
      "%d/%m/%Y",
      "%d/%m/%y",
      "%Y-%m-%d"
    ],
    "DECIMAL_SEPARATOR": ",",
    "FIRST_DAY_OF_WEEK": 1,
    "MONTH_DAY_FORMAT": "j \\d\\e F",
    "NUMBER_GROUPING": 3,
    "SHORT_DATETIME_FORMAT": "d/m/Y H:i",
    "SHORT_DATE_FORMAT": "d/m/Y",
    "THOUSAND_SEPARATOR": "\u00a0",
    "TIME_FORMAT": "H:i",
    "TIME_INPUT_FORMATS": [
      "%H:%M:%S",
      "%H:%M:%S.%f",
      "%H:%M"
    ],
    "YEAR_MONTH_FORMAT": "F \\d\\e Y"
  };

    django.get_format = function(format_type) {
      const value = django.formats[format_type];
      if (typeof value === 'undefined') {
        return format_type;
      } else {
        return value;
      }
    };

    /* add to global namespace */
    globals.pluralidx = django.pluralidx;
    globals.gettext = django.gettext;
    globals.ngettext = django.ngettext;
    globals.gettext_noop = django.gettext_noop;
    globals.pgettext = django.pgettext;
    globals.npgettext = django.npgettext;
    globals.interpolate = django.interpolate;
    globals.get_format = django.get_format;

    django.jsi18n_initialized = true;
  }
};

